from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from satudata.reference.models import Wilayah


def region_home(request: HttpRequest) -> HttpResponse:
    return redirect("reference:wilayah", kode=settings.REGION_CODE)


def wilayah_page(request: HttpRequest, kode: str) -> HttpResponse:
    wilayah = get_object_or_404(Wilayah, kode=kode)
    children = list(wilayah.children.order_by("kode"))
    return render(
        request,
        "reference/wilayah.html",
        {"wilayah": wilayah, "children": children, "ancestors": wilayah.ancestors()},
    )


def wilayah_json(request: HttpRequest, kode: str) -> JsonResponse:
    """Children of any code, for forms and scripts. The root (`/wilayah/.json`) lists provinces."""
    if kode:
        wilayah = Wilayah.objects.filter(kode=kode).first()
        if wilayah is None:
            # Scripts on other sites read this: a JSON answer with the CORS header, not the HTML 404.
            missing = JsonResponse({"error": "not_found", "detail": f"Kode wilayah '{kode}' tidak ada."}, status=404)
            missing["Access-Control-Allow-Origin"] = "*"
            return missing
        parent = {"kode": wilayah.kode, "nama": wilayah.nama, "tingkat": wilayah.level}
        children = Wilayah.objects.filter(parent_id=kode)
    else:
        parent = None
        # Provinces are the codes without a parent; the (parent, kode) index serves this.
        children = Wilayah.objects.filter(parent__isnull=True)
    items = [
        {"kode": k, "nama": n, "tingkat": lv}
        for k, n, lv in children.order_by("kode").values_list("kode", "nama", "level")
    ]
    response = JsonResponse(
        {"wilayah": parent, "count": len(items), "children": items},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response
