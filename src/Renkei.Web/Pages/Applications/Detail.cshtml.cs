using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Applications;

/// <summary>業務処理状況確認: one application with what it waits for and its history. Another retailer's is 404.</summary>
internal sealed class DetailModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? Submitted { get; set; }

    public ApplicationView Application { get; private set; } = null!;

    public IReadOnlyList<AuditView> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (Number.Length is 0 or > 20 || !Number.All(char.IsAsciiLetterOrDigit))
        {
            return NotFoundPage();
        }

        var application = await CallAsync((g, ct) => g.GetApplicationAsync(Number, ct));
        if (application is null)
        {
            return RefusedAsNotFound ? NotFoundPage() : StatusCode(RefusalStatus);
        }

        Application = application;
        History = await CallAsync((g, ct) => g.GetApplicationHistoryAsync(Number, ct)) ?? [];
        return Page();
    }
}
