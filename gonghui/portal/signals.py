"""A member's forwarded transfer request follows the `members.Transfer` it became: the receiving
union decides on the registry's own 转会审批 page, which knows nothing of the portal."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from gonghui.members.models import Transfer


@receiver(post_save, sender=Transfer, dispatch_uid="portal.follow_transfer")
def follow_transfer(sender, instance: Transfer, created: bool, **kwargs) -> None:
    if created:
        return
    from gonghui.inbox.services import refresh_pks
    from gonghui.portal.models import MemberRequest, RequestStatus
    from gonghui.portal.services.joining import member_request_follow_transfer

    member_request_follow_transfer(transfer=instance)
    # An approved transfer moves the member: his other pending requests (a 退会 asked meanwhile)
    # now wait for his new union.
    pending = MemberRequest.objects.filter(
        member_id=instance.member_id, status=RequestStatus.PENDING
    )
    refresh_pks("portal.MemberRequest", pending.values_list("pk", flat=True))
