from django_tasks import task

from satudata.datasets.models import Release
from satudata.portal.files import build_all


@task()
def build_release_files(release_id: int) -> None:
    """Make the download files of a release right after publication. Only the dataset's newest
    release is built ahead; an older one is built at its first request."""
    release = Release.objects.select_related("dataset__organization").filter(pk=release_id).first()
    if release is None or release.dataset.releases.filter(number__gt=release.number).exists():
        return
    build_all(release)
