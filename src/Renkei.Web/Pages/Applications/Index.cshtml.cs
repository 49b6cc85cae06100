using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Applications;

/// <summary>The retailer's applications (newest first) with filters by kind, status and supply point, and the CSV download.</summary>
internal sealed class IndexModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    public static readonly string[] Kinds = ["IF_10610", "IF_10710", "IF_10410", "IF_10510", "IF_10810", "IF_10910", "IF_10210"];

    public static readonly string[] Statuses = ["01", "03", "04", "05", "10", "06", "08", "09"];

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Point { get; set; }

    public IReadOnlyList<ApplicationView> Items { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var answer = await CallAsync((g, ct) => g.ListApplicationsAsync(1000, ct));
        if (answer is null)
        {
            ShowRefusal();
            return;
        }

        IEnumerable<ApplicationView> items = answer;
        if (Kind is { Length: > 0 })
        {
            items = items.Where(a => a.Kind == Kind);
        }

        if (Status is { Length: > 0 })
        {
            items = items.Where(a => a.Status == Status);
        }

        if (Point is { Length: > 0 })
        {
            items = items.Where(a => a.SupplyPointId.Contains(Point.Trim(), StringComparison.Ordinal));
        }

        Items = [.. items];
    }

    /// <summary>The gateway's CSV of every application of the retailer (with 廃止取次 number and NG reason), passed on as a file.</summary>
    public async Task<IActionResult> OnGetCsvAsync()
    {
        var csv = await CallAsync((g, ct) => g.DownloadApplicationsCsvAsync(ct));
        if (csv is null)
        {
            return StatusCode(RefusalStatus);
        }

        return File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "applications.csv");
    }
}
