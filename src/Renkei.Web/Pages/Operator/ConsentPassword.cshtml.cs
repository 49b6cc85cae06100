using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Operator;

/// <summary>
/// 使用量照会パスワード from the TSO directly: an operator issues a low-voltage customer's consent password at the
/// customer's request, the customer checked against the point's contract holder (name, and phone or address), and
/// shows it once. Through the gateway's operator route with the operator's token.
/// </summary>
internal sealed class ConsentPasswordModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    [BindProperty]
    public string? SupplyPointId { get; set; }

    [BindProperty]
    public string? HolderName { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? Validity { get; set; } = "7d";

    [BindProperty]
    public string Nonce { get; set; } = Guid.NewGuid().ToString("N");

    public ConsentPasswordIssued? Issued { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        var point = SupplyPointId?.Trim() ?? string.Empty;
        var request = new TsoConsentPasswordRequest(Validity, Blank(HolderName), Blank(Phone), Blank(Address));
        Issued = point.Length == 22 && point.All(char.IsAsciiDigit)
            ? await CallAsync((g, ct) => g.IssueTsoConsentPasswordAsync(point, request, Nonce + "-tso-consent", ct))
            : null;
        if (Issued is not null)
        {
            // A new form for the next customer: the password is shown once, and the next issue needs a key of its own.
            Nonce = Guid.NewGuid().ToString("N");
            ModelState.Clear();
            return Page();
        }

        if (Refusal is null || RefusedAsNotFound)
        {
            Problem = ProblemErrors.Parse(System.Text.Json.JsonSerializer.Serialize(new
            {
                title = "Refused",
                errors = new[] { new { code = "SCR001", field = "supplyPointId", message = $"no supply point {point} (22 digits)", messageJa = $"供給地点 {point} は存在しません（22桁の数字）" } },
            }));
            Response.StatusCode = Refusal is null ? Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest : Microsoft.AspNetCore.Http.StatusCodes.Status404NotFound;
            return Page();
        }

        ShowRefusal();
        return Page();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
