from django.urls import path

from gonghui.hotline import views

app_name = "hotline"
urlpatterns = [
    path("", views.console, name="console"),
    path("queue/", views.queue, name="queue"),
    path("cases/<str:number>/", views.detail, name="detail"),
    path("cases/<str:number>/dispatch/", views.dispatch, name="dispatch"),
    path("cases/<str:number>/unmask/", views.unmask, name="unmask"),
    path("cases/<str:number>/caller-phone/", views.reveal_phone, name="caller_phone"),
    path("cases/<str:number>/accept/", views.accept, name="accept"),
    path("cases/<str:number>/return/", views.return_, name="return"),
    path("cases/<str:number>/transfer/", views.transfer, name="transfer"),
    path("cases/<str:number>/note/", views.note, name="note"),
    path("cases/<str:number>/close/", views.close, name="close"),
    path("cases/<str:number>/callback/", views.callback, name="callback"),
    path("cases/<str:number>/supervise/", views.supervise, name="supervise"),
    path("cases/<str:number>/attach/", views.attach, name="attach"),
    path(
        "cases/<str:number>/files/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
]
