using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Applications;

/// <summary>
/// スイッチング開始申込 (IF_10610), optionally with the 廃止取次 registration (IS_20110) that asks the current
/// retailer to end its contract: the relay is registered first and the switch-in names it (its switch date is
/// the relay's wished date). Both requests carry idempotency keys made from one form nonce, so sending the form
/// twice applies nothing twice.
/// </summary>
internal sealed class SwitchInModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
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
            var request = new RelayRegistrationRequest(SupplyPointId, ContractNumber, HolderName, HolderNameKana, Address, WishedDate, Contact, Phone);
            var relay = await CallAsync((g, ct) => g.RegisterRelayAsync(request, Nonce + "-IS_20110", ct));
            if (relay is null)
            {
                return Refused();
            }

            RelayNumber = relay.Number;
        }

        var switchIn = await CallAsync((g, ct) => g.SwitchInAsync(new SwitchInRequest(SupplyPointId, WithRelay ? WishedDate : SwitchDate, RelayNumber), Nonce + "-IF_10610", ct));
        if (switchIn is null)
        {
            return Refused();
        }

        return LocalRedirect($"/Applications/{Uri.EscapeDataString(switchIn.Number)}?submitted=1");
    }

    private PageResult Refused()
    {
        ShowRefusal();
        EarliestDate = EarliestDateOf(Refusal?.Body);
        return Page();
    }

    /// <summary>The <c>earliestDate</c> a refused application names (the first valid date), if any.</summary>
    private static string? EarliestDateOf(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("earliestDate", out var e) && e.ValueKind == JsonValueKind.String
                ? e.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
