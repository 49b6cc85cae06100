using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Notifications;

/// <summary>
/// The notification queue: what the hub has told the retailer and it has not acknowledged yet, oldest first (status
/// changes, 廃止取次 results, meter replacement dates ...), and the acknowledgement of what was read, up to an event.
/// </summary>
internal sealed class IndexModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    public const int PageSize = 200;

    [BindProperty]
    public long? UpTo { get; set; }

    [TempData]
    public string? Acknowledged { get; set; }

    public IReadOnlyList<EventView> Items { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var page = await CallAsync((g, ct) => g.PeekNotificationsAsync(PageSize, ct));
        if (page is null)
        {
            ShowRefusal();
            return;
        }

        Items = page.Items;
    }

    /// <summary>Acknowledges the queue up to the event shown last (the page's newest): what the staff has read.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (UpTo is not { } upTo || upTo < 1)
        {
            return LocalRedirect("/Notifications");
        }

        var done = await CallAsync(async (g, ct) =>
        {
            await g.AcknowledgeNotificationsAsync(upTo, ct);
            return string.Empty;
        });
        if (done is null)
        {
            ShowRefusal();
            var problem = Problem;
            var status = Response.StatusCode;
            await OnGetAsync();
            Problem = problem;
            Response.StatusCode = status;
            return Page();
        }

        Acknowledged = upTo.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return LocalRedirect("/Notifications");
    }
}
