using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.SupplyPoints;

/// <summary>
/// A supply point's 30-minute values for a day, as a chart and a table (the gateway decides access: 404 otherwise);
/// each value links to its explanation (<c>?Slot=N</c>), shown below the table.
/// </summary>
internal sealed class IntervalsModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Date { get; set; }

    /// <summary>The slot whose value was clicked: its explanation is shown below the table.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Slot { get; set; }

    public IntervalsResponse? Values { get; private set; }

    public ValueExplanation? Explanation { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Date ??= DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(-1);
        if (Id is null)
        {
            return Page();
        }

        if (Id.Length != 22 || !Id.All(char.IsAsciiDigit))
        {
            Problem = ProblemErrors.Parse("{\"title\":\"Invalid supply point ID\",\"errors\":[{\"code\":\"SP001\",\"field\":\"supplyPointId\",\"message\":\"the supply point ID must be 22 digits\",\"messageJa\":\"供給地点特定番号は22桁の数字です\"}]}");
            Response.StatusCode = 400;
            return Page();
        }

        var (id, date) = (Id, Date.Value);
        Values = await CallAsync((g, ct) => g.GetSupplyPointDayAsync(id, date, cancellationToken: ct));
        if (Values is null && RefusedAsNotFound)
        {
            return NotFoundPage();
        }

        if (Values is null)
        {
            ShowRefusal();
            return Page();
        }

        if (Slot is { } slot and >= 1 and <= 48)
        {
            Explanation = await CallAsync((g, ct) => g.ExplainValueAsync(id, date, slot, cancellationToken: ct));
            if (Explanation is null)
            {
                ShowRefusal();
            }
        }

        return Page();
    }
}
