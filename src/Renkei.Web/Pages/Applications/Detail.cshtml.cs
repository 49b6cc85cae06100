using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Formats.Text;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Applications;

/// <summary>
/// 業務処理状況確認: one application with what it waits for, the market's items it was filed with and its history.
/// From here its retailer withdraws it (取下げ, 更新フラグ 3) before matching, corrects it (訂正, 更新フラグ 2) when the
/// TSO returned it (差戻し), and withdraws the 廃止取次 it names. Another retailer's is 404.
/// </summary>
internal sealed class DetailModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    /// <summary>The statuses from which an application can still be withdrawn (before matching).</summary>
    public static readonly string[] Withdrawable = ["01", "03", "04"];

    /// <summary>The 廃止取次 statuses from which its new retailer can withdraw it (before matching).</summary>
    public static readonly string[] RelayWithdrawable = ["01", "02"];

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? Submitted { get; set; }

    /// <summary>What was just done from this page (withdrawn, relay-withdrawn, corrected), shown as a notice.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty]
    public string Nonce { get; set; } = Guid.NewGuid().ToString("N");

    [BindProperty]
    public string? SupplyPointId { get; set; }

    [BindProperty]
    public string? SwitchDate { get; set; }

    [BindProperty]
    public string? CustomerNumber { get; set; }

    public ApplicationView Application { get; private set; } = null!;

    /// <summary>The 廃止取次 the application names, as its new retailer sees it (null when none or not the caller's).</summary>
    public RelayView? Relay { get; private set; }

    public IReadOnlyList<AuditView> History { get; private set; } = [];

    public bool CanWithdraw => Withdrawable.Contains(Application.Status);

    public bool CanCorrect => Application.Status == "03" && Application.Kind is "IF_10610" or "IF_10710";

    public bool CanWithdrawRelay => Relay is not null && RelayWithdrawable.Contains(Relay.Status);

    public async Task<IActionResult> OnGetAsync()
    {
        if (!ValidNumber(Number))
        {
            return NotFoundPage();
        }

        return await LoadAsync() ?? Page();
    }

    /// <summary>取下げ of the application.</summary>
    public Task<IActionResult> OnPostWithdrawAsync() =>
        ActAsync("withdrawn", (g, ct) => g.WithdrawApplicationAsync(Number, Nonce + "-withdraw", ct));

    /// <summary>取下げ of the 廃止取次 the application names (its switch-in is withdrawn with it).</summary>
    public async Task<IActionResult> OnPostWithdrawRelayAsync()
    {
        if (!ValidNumber(Number))
        {
            return NotFoundPage();
        }

        var application = await CallAsync((g, ct) => g.GetApplicationAsync(Number, ct));
        if (application?.RelayNumber is not { } relay)
        {
            return application is null && !RefusedAsNotFound ? StatusCode(RefusalStatus) : NotFoundPage();
        }

        return await ActAsync("relay-withdrawn", (g, ct) => g.WithdrawRelayAsync(relay, Nonce + "-withdraw-relay", ct));
    }

    /// <summary>訂正 of a returned switch-in or switch-out: the kind's request with the corrected items.</summary>
    public async Task<IActionResult> OnPostCorrectAsync()
    {
        if (!ValidNumber(Number))
        {
            return NotFoundPage();
        }

        var application = await CallAsync((g, ct) => g.GetApplicationAsync(Number, ct));
        if (application is null)
        {
            return RefusedAsNotFound ? NotFoundPage() : StatusCode(RefusalStatus);
        }

        var point = string.IsNullOrWhiteSpace(SupplyPointId) ? null : SupplyPointId.Trim();
        DateOnly? date = DateText.TryParse(SwitchDate?.Trim(), out var d) ? d : null;
        object body = application.Kind == "IF_10710"
            ? new SwitchOutRequest(point, date, string.IsNullOrWhiteSpace(CustomerNumber) ? null : CustomerNumber.Trim(), application.Content)
            : new SwitchInRequest(point, date, application.RelayNumber, application.Content);
        return await ActAsync("corrected", (g, ct) => g.CorrectApplicationAsync(Number, body, Nonce + "-correction", ct));
    }

    private async Task<IActionResult> ActAsync<T>(string done, Func<RenkeiClient, CancellationToken, Task<T>> call)
        where T : class
    {
        if (!ValidNumber(Number))
        {
            return NotFoundPage();
        }

        if (await CallAsync(call) is not null)
        {
            return LocalRedirect($"/Applications/{Uri.EscapeDataString(Number)}?done={done}");
        }

        if (RefusedAsNotFound)
        {
            return NotFoundPage();
        }

        var refusal = Refusal;
        var failed = await LoadAsync();
        if (failed is not null)
        {
            return failed;
        }

        Problem = ProblemOf(refusal);
        Response.StatusCode = refusal is { StatusCode: not 0 } r ? (int)r.StatusCode : 502;
        return Page();
    }

    /// <summary>Loads the application, its relay and history; a result only when the page cannot be shown.</summary>
    private async Task<IActionResult?> LoadAsync()
    {
        var application = await CallAsync((g, ct) => g.GetApplicationAsync(Number, ct));
        if (application is null)
        {
            return RefusedAsNotFound ? NotFoundPage() : StatusCode(RefusalStatus);
        }

        Application = application;
        if (application.RelayNumber is { } relay && application.Kind == "IF_10610")
        {
            Relay = await CallAsync((g, ct) => g.GetRelayAsync(relay, ct));
        }

        History = await CallAsync((g, ct) => g.GetApplicationHistoryAsync(Number, ct)) ?? [];
        return null;
    }

    /// <summary>The market's items the application was filed with, flattened to dotted paths (<c>siteVisit.date</c>) and their values.</summary>
    public IReadOnlyList<(string Path, string Value)> ContentItems()
    {
        var items = new List<(string, string)>();
        if (Application.Content is { } content)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(content, System.Text.Json.JsonSerializerOptions.Web));
            Flatten(doc.RootElement, string.Empty, items);
        }

        return items;
    }

    private static void Flatten(System.Text.Json.JsonElement element, string path, List<(string, string)> items)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    Flatten(p.Value, path.Length == 0 ? p.Name : path + "." + p.Name, items);
                }

                break;
            case System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined:
                break;
            case System.Text.Json.JsonValueKind.String:
                items.Add((path, element.GetString()!));
                break;
            default:
                items.Add((path, element.GetRawText()));
                break;
        }
    }

    private static bool ValidNumber(string number) => number.Length is > 0 and <= 20 && number.All(char.IsAsciiLetterOrDigit);
}
