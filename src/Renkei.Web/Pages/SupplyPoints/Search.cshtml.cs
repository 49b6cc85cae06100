using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.SupplyPoints;

/// <summary>供給地点特定番号検索: by site address and the contract holder's name, through the gateway.</summary>
internal sealed class SearchModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    [BindProperty(SupportsGet = true)]
    public string? Address { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? HolderName { get; set; }

    public IReadOnlyList<SearchHit>? Hits { get; private set; }

    public async Task OnGetAsync()
    {
        if (!Request.Query.ContainsKey(nameof(Address)) && !Request.Query.ContainsKey(nameof(HolderName)))
        {
            return;
        }

        Hits = await CallAsync((g, ct) => g.SearchSupplyPointsAsync(Address, HolderName, ct));
        if (Hits is null)
        {
            ShowRefusal();
        }
    }
}
