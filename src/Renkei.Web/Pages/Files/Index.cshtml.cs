using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Files;

/// <summary>
/// The market files of a day (W4… 30-minute values, W5… fixed usage; their list and each file's download) and the
/// fixed usage (確定使用量) of the reading periods a month's scheduled readings close, point by point, with the reason
/// where a point's period is not fixed yet.
/// </summary>
internal sealed class IndexModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    /// <summary>The day whose files are listed (JST; default yesterday, the last whole day).</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? Date { get; set; }

    /// <summary>The month (YYYY-MM) whose readings close the fixed-usage periods shown; none, none shown.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    public IReadOnlyList<FileListItem> Items { get; private set; } = [];

    public IReadOnlyList<FixedUsagePoint>? Usage { get; private set; }

    public DateOnly Day => Date ?? DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(-1);

    public async Task OnGetAsync()
    {
        Items = await CallAsync((g, ct) => g.ListFilesAsync(Day, ct)) ?? [];
        if (Refusal is not null)
        {
            ShowRefusal();
            return;
        }

        if (Month is { Length: > 0 } month)
        {
            if (month.Length != 7 || !DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                Problem = ProblemErrors.Parse(JsonSerializer.Serialize(new
                {
                    title = "Invalid month",
                    errors = new[] { new { code = "SCR002", field = "month", message = $"month '{month}' is not a month in the form YYYY-MM", messageJa = "月はYYYY-MMの形で入力してください" } },
                }));
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var usage = await CallAsync((g, ct) => g.GetFixedUsageAsync(first.Year, first.Month, null, ct));
            if (usage is null)
            {
                ShowRefusal();
                return;
            }

            Usage = [.. usage.RootElement.GetProperty("points").EnumerateArray().Select(FixedUsagePoint.Of)];
        }
    }

    /// <summary>One file (a ZIP) from the gateway, passed on as it comes.</summary>
    public async Task<IActionResult> OnGetDownloadAsync()
    {
        if (Name is not { Length: > 0 and <= 100 } name || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return NotFoundPage();
        }

        var buffer = new MemoryStream();
        var written = await CallAsync(async (g, ct) => (object)await g.DownloadFileAsync(name, buffer, null, ct));
        if (written is null)
        {
            await buffer.DisposeAsync();
            return RefusedAsNotFound ? NotFoundPage() : StatusCode(RefusalStatus);
        }

        buffer.Position = 0;
        return File(buffer, "application/zip", name);
    }
}

/// <summary>One point of the fixed-usage answer (<c>GET /api/v1/fixed-usage</c>; docs/formats.md), as the page shows it.</summary>
internal sealed record FixedUsagePoint(string SupplyPointId, string Voltage, string? From, string? To, string? NextReadingDate, bool Fixed, decimal? Kwh, int? DaysHeld, string? Reason, string? Detail)
{
    public static FixedUsagePoint Of(JsonElement p)
    {
        string? Text(string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new(
            Text("supplyPointId") ?? string.Empty,
            Text("voltage") ?? string.Empty,
            Text("from"),
            Text("to"),
            Text("nextReadingDate"),
            p.TryGetProperty("fixed", out var f) && f.ValueKind == JsonValueKind.True,
            p.TryGetProperty("kwh", out var k) && k.ValueKind == JsonValueKind.Number ? k.GetDecimal() : null,
            p.TryGetProperty("daysHeld", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetInt32() : null,
            Text("reason"),
            Text("detail"));
    }
}
