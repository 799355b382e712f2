from django.urls import URLPattern, path

from satudata.publications.feeds import NewsAtomFeed, NewsRssFeed
from satudata.publications.views import guide, manage, public

app_name = "publications"
urlpatterns: list[URLPattern] = [
    # Public
    path("publikasi/", public.publication_list, name="list"),
    path("publikasi/<slug:slug>.pdf", public.publication_pdf, name="pdf"),
    path("publikasi/<slug:slug>/", public.publication_detail, name="detail"),
    path("publikasi/<slug:slug>/sampul/", public.publication_cover, name="cover"),
    path("berita/", public.news_list, name="news"),
    path("berita/rss/", NewsRssFeed(), name="news-rss"),
    path("berita/atom/", NewsAtomFeed(), name="news-atom"),
    path("berita/<slug:slug>/", public.news_detail, name="news-detail"),
    path("panduan-data/", guide.format_guide, name="format-guide"),
    # Staff
    path("kelola/panduan-tata-letak/", guide.layout_guide, name="layout-guide"),
    path("kelola/publikasi/", manage.publication_list, name="manage"),
    path("kelola/publikasi/baru/", manage.publication_create, name="create"),
    path("kelola/publikasi/susun/", manage.publication_compile, name="compile"),
    path("kelola/publikasi/susun/<int:pk>/", manage.compile_job, name="compile-job"),
    path("kelola/publikasi/susun/<int:pk>/berkas/", manage.compile_job_file, name="compile-job-file"),
    path("kelola/publikasi/<slug:slug>/", manage.publication_edit, name="edit"),
    path("kelola/publikasi/<slug:slug>/terbitkan/", manage.publication_publish, name="publish"),
    path("kelola/publikasi/<slug:slug>/tarik/", manage.publication_withdraw, name="withdraw"),
    path("kelola/berita/", manage.news_list, name="news-manage"),
    path("kelola/berita/baru/", manage.news_create, name="news-create"),
    path("kelola/berita/<slug:slug>/", manage.news_edit, name="news-edit"),
    path("kelola/berita/<slug:slug>/terbitkan/", manage.news_publish, name="news-publish"),
    path("kelola/berita/<slug:slug>/tarik/", manage.news_withdraw, name="news-withdraw"),
]
