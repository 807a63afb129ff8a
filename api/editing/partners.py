from api.auth import STAFF
from api.editing.editor import Editor
from api.models import Role
from api.queries.partners import PARTNERS
from api.serializers.partner import PartnerIn, PartnerPatch, PartnerTextIn

# Staff add and remove partner organisations; a partner edits its own profile.
PARTNER_EDITOR = Editor(
    name="partners",
    listing=PARTNERS,
    input=PartnerIn,
    patch=PartnerPatch,
    translation_input=PartnerTextIn,
    title_field="name",
    writers=(*STAFF, Role.PARTNER),
    owners=lambda partner: {partner.id},
)
