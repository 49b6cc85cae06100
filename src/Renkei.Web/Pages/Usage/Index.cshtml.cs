using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Usage;

/// <summary>
/// 使用量照会パスワード: the current retailer issues a consent password for a point it supplies, on the customer's
/// behalf (shown once); and 使用量情報照会申請 (IF_10210): a retailer the customer shows the password to applies with
/// it and is sent to the usage values it opens.
/// </summary>
internal sealed class IndexModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    public static readonly string[] Validities = ["1d", "7d", "1m"];

    [BindProperty(SupportsGet = true)]
    public string? SupplyPointId { get; set; }

    [BindProperty]
    public string? Validity { get; set; } = "7d";

    [BindProperty]
    public string? ApplyPointId { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    /// <summary>Documents sent with the application (IF_10210's attachments); the hub checks their type, size and names.</summary>
    [BindProperty]
    public List<IFormFile> Attachments { get; set; } = [];

    [BindProperty]
    public string Nonce { get; set; } = Guid.NewGuid().ToString("N");

    public ConsentPasswordIssued? Issued { get; private set; }

    /// <summary>Which form the problem belongs to: <c>issue</c> or <c>apply</c>.</summary>
    public string? Refused { get; private set; }

    /// <summary>The field's <c>aria-*</c> attributes, its messages only on the form that was refused.</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent AriaOf(string form, string field) =>
        form == Refused ? Aria(field) : new Microsoft.AspNetCore.Html.HtmlString("aria-invalid=\"false\"");

    public Microsoft.AspNetCore.Html.IHtmlContent FieldErrorsOf(string form, string field) =>
        form == Refused ? FieldErrors(field) : Microsoft.AspNetCore.Html.HtmlString.Empty;

    public async Task<IActionResult> OnPostIssueAsync()
    {
        var point = SupplyPointId?.Trim();
        if (string.IsNullOrEmpty(point) || point.Length > 22 || !point.All(char.IsAsciiDigit))
        {
            return Refuse("issue", "supplyPointId", "supplyPointId must be the 22 digits of a point you supply", "供給地点特定番号（22桁）を入力してください");
        }

        Issued = await CallAsync((g, ct) => g.IssueConsentPasswordAsync(point, new ConsentPasswordRequest(Validity), Nonce + "-consent", ct));
        if (Issued is null)
        {
            Refused = "issue";
            if (RefusedAsNotFound)
            {
                return Refuse("issue", "supplyPointId", $"you do not supply point {point}", $"供給地点 {point} は自社の供給地点ではありません");
            }

            ShowRefusal();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync()
    {
        var attachments = new List<AttachmentUpload>();
        foreach (var file in Attachments)
        {
            // Sent as they are, in base64; the hub judges them (type from the bytes, size, name) and names each fault.
            using var bytes = new MemoryStream();
            await file.CopyToAsync(bytes, HttpContext.RequestAborted);
            attachments.Add(new AttachmentUpload(file.FileName, Convert.ToBase64String(bytes.GetBuffer(), 0, (int)bytes.Length)));
        }

        var request = new UsageInformationRequest(
            string.IsNullOrWhiteSpace(ApplyPointId) ? null : ApplyPointId.Trim(), string.IsNullOrEmpty(Password) ? null : Password, null, attachments.Count == 0 ? null : attachments);
        var grant = await CallAsync((g, ct) => g.ApplyForUsageInformationAsync(request, Nonce + "-IF_10210", ct));
        Password = null;
        if (grant is null)
        {
            Refused = "apply";
            ShowRefusal();
            return Page();
        }

        return LocalRedirect($"/Usage/{Uri.EscapeDataString(grant.ApplicationNumber)}");
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Refuse(string form, string field, string message, string messageJa)
    {
        Refused = form;
        Problem = ProblemErrors.Parse(System.Text.Json.JsonSerializer.Serialize(new
        {
            title = "Refused",
            errors = new[] { new { code = "SCR001", field, message, messageJa } },
        }));
        Response.StatusCode = RefusedAsNotFound ? Microsoft.AspNetCore.Http.StatusCodes.Status404NotFound : Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
        return Page();
    }
}
