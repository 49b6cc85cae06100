using Renkei.Switching.Applications.IS_20110_CancellationRelay;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;

namespace Renkei.Switching.Tests.Applications.IS_20110_CancellationRelay;

/// <summary>The rules of withdrawing a 廃止取次 on their own, over a relay built in memory (no store).</summary>
public sealed class RelayWithdrawalRulesTests
{
    [Theory]
    [InlineData(RelayStatus.AwaitingDecision)]
    [InlineData(RelayStatus.DecidedOk)]
    public void OpenRelay_Holds(string status)
    {
        Assert.Empty(Codes(Relay(status)));
    }

    [Theory]
    [InlineData(RelayStatus.DecidedNg)]
    [InlineData(RelayStatus.MatchedOk)]
    [InlineData(RelayStatus.MatchedNg)]
    [InlineData(RelayStatus.Expired)]
    [InlineData(RelayStatus.Withdrawn)]
    public void MatchedOrFinalRelay_FailsRelayOpenRule(string status)
    {
        var errors = PointFactsReader.Evaluate(RelayWithdrawalRules.All, Relay(status));

        Assert.Equal([(RelayOpenRule.ErrorCode, "number")], errors.ConvertAll(e => (e.Code, e.Field)));
    }

    private static List<string> Codes(CancellationRelay relay) => PointFactsReader.Evaluate(RelayWithdrawalRules.All, relay).ConvertAll(e => e.Code);

    private static CancellationRelay Relay(string status) => new()
    {
        Number = "C000000000001",
        Status = status,
        SupplyPointId = "0300000000000000000001",
        NewRetailerCode = "R0002",
        CurrentRetailerCode = "R0001",
        ContractNumber = "K-0001",
        HolderName = "山田太郎",
        Address = "東京都千代田区丸の内1-1",
    };
}
