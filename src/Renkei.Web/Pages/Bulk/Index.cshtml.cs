using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Bulk;

/// <summary>一括申請: a CSV of switch-ins goes to the gateway's bulk route; the result file (or every error with its line) comes back.</summary>
internal sealed class IndexModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    public const long MaxBytes = 4 * 1024 * 1024;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string Nonce { get; set; } = Guid.NewGuid().ToString("N");

    public string? Result { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Upload is null || Upload.Length == 0 || Upload.Length > MaxBytes)
        {
            Problem = ProblemErrors.Parse("{\"title\":\"No file\",\"errors\":[{\"code\":\"CSV000\",\"field\":\"file\",\"message\":\"choose a CSV file of at most 4 MiB\",\"messageJa\":\"4MiB以下のCSVファイルを選んでください\"}]}");
            Response.StatusCode = 400;
            return Page();
        }

        using var reader = new StreamReader(Upload.OpenReadStream(), System.Text.Encoding.UTF8);
        var text = await reader.ReadToEndAsync(HttpContext.RequestAborted);
        Result = await CallAsync((g, ct) => g.UploadSwitchInsAsync(text, Nonce, ct));
        if (Result is null)
        {
            ShowRefusal();
        }

        return Page();
    }
}
