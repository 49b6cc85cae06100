using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Relays;

/// <summary>
/// The 廃止取次 inbox of the current retailer: the relays addressed to it (IS_20310), and its decision on one
/// (IS_20410): OK, or NG with reasons 1–9.
/// </summary>
internal sealed class IndexModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    /// <summary>NG reasons 1–9 (the names the switching node defines; docs/architecture.md).</summary>
    public static readonly IReadOnlyList<(int Code, string Ja, string En)> Reasons =
    [
        (1, "該当する供給地点の契約なし", "supply point not found among your contracts"),
        (2, "契約番号不一致", "contract number mismatch"),
        (3, "廃止手続き中", "a cancellation is already in progress"),
        (4, "契約名義不一致", "contract holder name mismatch"),
        (5, "需要場所住所不一致", "site address mismatch"),
        (6, "希望日での廃止不可", "the wished date is not possible"),
        (7, "需要者意思確認により不可", "the customer declines"),
        (8, "契約条件により不可", "contract terms (e.g. unpaid charges)"),
        (9, "その他", "other"),
    ];

    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    [BindProperty]
    public string? Number { get; set; }

    [BindProperty]
    public string? Decision { get; set; }

    [BindProperty]
    public List<int> NgReasons { get; set; } = [];

    [BindProperty]
    public string Nonce { get; set; } = Guid.NewGuid().ToString("N");

    [TempData]
    public string? Decided { get; set; }

    public IReadOnlyList<RelayView> Items { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (Number is null || Number.Length > 20 || !Number.All(char.IsAsciiLetterOrDigit))
        {
            return NotFoundPage();
        }

        var number = Number;
        var request = new RelayDecisionRequest(Decision, Decision == "02" ? NgReasons : null);
        var answer = await CallAsync((g, ct) => g.DecideRelayAsync(number, request, Nonce + "-" + number, ct));
        if (answer is null && RefusedAsNotFound)
        {
            return NotFoundPage();
        }

        if (answer is null)
        {
            ShowRefusal();
            var problem = Problem;
            var status = Response.StatusCode;
            await LoadAsync();
            Problem = problem;
            Response.StatusCode = status;
            return Page();
        }

        Decided = Number;
        return LocalRedirect("/Relays");
    }

    private async Task LoadAsync()
    {
        var answer = await CallAsync((g, ct) => g.ListRelaysAsync(All, ct));
        if (answer is not null)
        {
            Items = answer;
        }
        else
        {
            Problem = ProblemOf(Refusal);
        }
    }
}
