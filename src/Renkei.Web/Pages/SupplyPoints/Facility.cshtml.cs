using Microsoft.AspNetCore.Mvc;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.SupplyPoints;

/// <summary>設備情報照会 (IF_10110) of a supply point, through the gateway.</summary>
public sealed class FacilityModel(GatewayApi gateway, Ui ui) : StaffPage(gateway, ui)
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

        var answer = await GetAsync($"api/v1/switching/supply-points/{Id}/facility");
        if (answer.Status == System.Net.HttpStatusCode.NotFound)
        {
            return NotFoundPage();
        }

        if (!answer.IsSuccess)
        {
            Problem = answer.Problem;
            Response.StatusCode = (int)answer.Status;
            return Page();
        }

        Facility = answer.As<FacilityView>();
        return Page();
    }
}
