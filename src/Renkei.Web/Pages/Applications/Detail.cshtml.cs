using Microsoft.AspNetCore.Mvc;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Applications;

/// <summary>業務処理状況確認: one application with what it waits for and its history. Another retailer's is 404.</summary>
public sealed class DetailModel(GatewayApi gateway, Ui ui) : StaffPage(gateway, ui)
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? Submitted { get; set; }

    public ApplicationView Application { get; private set; } = null!;

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (Number.Length is 0 or > 20 || !Number.All(char.IsAsciiLetterOrDigit))
        {
            return NotFoundPage();
        }

        var answer = await GetAsync($"api/v1/switching/applications/{Number}");
        if (answer.Status == System.Net.HttpStatusCode.NotFound)
        {
            return NotFoundPage();
        }

        if (!answer.IsSuccess)
        {
            return StatusCode((int)answer.Status);
        }

        Application = answer.As<ApplicationView>()!;
        var history = await GetAsync($"api/v1/switching/applications/{Number}/history");
        History = history.IsSuccess ? history.As<List<HistoryEntry>>() ?? [] : [];
        return Page();
    }
}
