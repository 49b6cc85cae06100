using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Applications;

/// <summary>
/// スイッチング開始申込 (IF_10610), optionally with the 廃止取次 registration (IS_20110) that asks the current
/// retailer to end its contract: the relay is registered first and the switch-in names it (its switch date is
/// the relay's wished date). Both requests carry idempotency keys made from one form nonce, so sending the form
/// twice applies nothing twice.
/// </summary>
public sealed class SwitchInModel(GatewayApi gateway, Ui ui) : StaffPage(gateway, ui)
{
    [BindProperty]
    public string? SupplyPointId { get; set; }

    [BindProperty]
    public DateOnly? SwitchDate { get; set; }

    [BindProperty]
    public bool WithRelay { get; set; }

    [BindProperty]
    public string? ContractNumber { get; set; }

    [BindProperty]
    public string? HolderName { get; set; }

    [BindProperty]
    public string? HolderNameKana { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public DateOnly? WishedDate { get; set; }

    [BindProperty]
    public string? Contact { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string Nonce { get; set; } = Guid.NewGuid().ToString("N");

    public string? RelayNumber { get; private set; }

    public string? EarliestDate { get; private set; }

    public void OnGet(string? point, string? address, string? holder)
    {
        SupplyPointId = point;
        Address = address;
        HolderName = holder;
        WithRelay = point is not null;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (WithRelay)
        {
            var relay = await PostAsync(
                "api/v1/switching/cancellation-relays",
                new { supplyPointId = SupplyPointId, contractNumber = ContractNumber, holderName = HolderName, holderNameKana = HolderNameKana, address = Address, wishedDate = WishedDate, contact = Contact, phone = Phone },
                Nonce + "-IS_20110");
            if (!relay.IsSuccess)
            {
                return Refused(relay);
            }

            RelayNumber = relay.As<RelayView>()!.Number;
        }

        var switchIn = await PostAsync(
            "api/v1/switching/applications/switch-in",
            new { supplyPointId = SupplyPointId, switchDate = WithRelay ? WishedDate : SwitchDate, relayNumber = RelayNumber },
            Nonce + "-IF_10610");
        if (!switchIn.IsSuccess)
        {
            return Refused(switchIn);
        }

        var number = switchIn.As<ApplicationView>()!.Number;
        return LocalRedirect($"/Applications/{Uri.EscapeDataString(number)}?submitted=1");
    }

    private PageResult Refused(ApiAnswer answer)
    {
        Problem = answer.Problem;
        EarliestDate = answer.EarliestDate;
        Response.StatusCode = (int)answer.Status;
        return Page();
    }
}
