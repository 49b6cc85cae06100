using Microsoft.AspNetCore.Mvc;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.SupplyPoints;

/// <summary>供給地点特定番号検索: by site address and the contract holder's name, through the gateway.</summary>
public sealed class SearchModel(GatewayApi gateway, Ui ui) : StaffPage(gateway, ui)
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

        var answer = await GetAsync($"api/v1/switching/supply-points/search?address={Uri.EscapeDataString(Address ?? string.Empty)}&holderName={Uri.EscapeDataString(HolderName ?? string.Empty)}");
        if (answer.IsSuccess)
        {
            Hits = answer.As<List<SearchHit>>() ?? [];
        }
        else
        {
            Problem = answer.Problem;
            Response.StatusCode = (int)answer.Status;
        }
    }
}
