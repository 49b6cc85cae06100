using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Usage;

/// <summary>使用量情報照会 (IF_10310): the usage values a consent grant opens: month totals, and each day of a smart meter.</summary>
internal sealed class ValuesModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = string.Empty;

    public UsageInformationView Usage { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (Number.Length is 0 or > 20 || !Number.All(char.IsAsciiLetterOrDigit))
        {
            return NotFoundPage();
        }

        var usage = await CallAsync((g, ct) => g.GetUsageValuesAsync(Number, ct));
        if (usage is null)
        {
            return RefusedAsNotFound ? NotFoundPage() : StatusCode(RefusalStatus);
        }

        Usage = usage;
        return Page();
    }
}
