using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.SupplyPoints;

/// <summary>設備情報照会 (IF_10110) of a supply point, through the gateway.</summary>
internal sealed class FacilityModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    public FacilityView? Facility { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is null)
        {
            return Page();
        }

        if (Id.Length > 22 || !Id.All(char.IsAsciiDigit))
        {
            return NotFoundPage();
        }

        var id = Id;
        Facility = await CallAsync((g, ct) => g.GetFacilityAsync(id, ct));
        if (Facility is null && RefusedAsNotFound)
        {
            return NotFoundPage();
        }

        if (Facility is null)
        {
            ShowRefusal();
        }

        return Page();
    }
}
