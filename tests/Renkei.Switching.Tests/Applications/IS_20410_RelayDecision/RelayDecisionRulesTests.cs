using Renkei.Switching.Applications.IS_20410_RelayDecision;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;

namespace Renkei.Switching.Tests.Applications.IS_20410_RelayDecision;

/// <summary>The 廃止取次 decision rules on their own (no store).</summary>
public sealed class RelayDecisionRulesTests
{
    [Theory]
    [InlineData(RelayDecisionRules.Ok, new int[0])]
    [InlineData(RelayDecisionRules.Ng, new[] { 1, 3 })]
    public void WellFormedDecision_OnAwaitingRelay_Holds(string decision, int[] reasons)
    {
        Assert.Empty(Codes(RelayStatus.AwaitingDecision, decision, reasons));
    }

    [Theory]
    [InlineData(RelayDecisionRules.Ok, new[] { 1 })]
    [InlineData(RelayDecisionRules.Ng, new int[0])]
    [InlineData(RelayDecisionRules.Ng, new[] { 10 })]
    [InlineData("03", new int[0])]
    public void MalformedDecision_FailsDecisionFormRule(string decision, int[] reasons)
    {
        Assert.Equal([DecisionFormRule.ErrorCode], Codes(RelayStatus.AwaitingDecision, decision, reasons));
    }

    [Fact]
    public void RelayAlreadyDecided_FailsAwaitingDecisionRule()
    {
        Assert.Equal([RelayAwaitingDecisionRule.ErrorCode], Codes(RelayStatus.DecidedOk, RelayDecisionRules.Ok, []));
    }

    private static List<string> Codes(string status, string decision, int[] reasons)
    {
        var relay = new CancellationRelay
        {
            Number = "R000000000001",
            Status = status,
            SupplyPointId = "0300000000000000000001",
            NewRetailerCode = "R0002",
            CurrentRetailerCode = "R0001",
            ContractNumber = "K-0001",
            HolderName = "山田太郎",
            Address = "東京都千代田区丸の内1-1",
        };
        return PointFactsReader.Evaluate(RelayDecisionRules.All, new RelayDecisionCheck(relay, new RelayDecisionRequest(decision, reasons))).ConvertAll(e => e.Code);
    }
}
