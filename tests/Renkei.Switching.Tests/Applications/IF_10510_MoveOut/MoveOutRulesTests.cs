using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.IF_10510_MoveOut;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;

namespace Renkei.Switching.Tests.Applications.IF_10510_MoveOut;

/// <summary>The move-out rules on their own, over facts built in memory (no store).</summary>
public sealed class MoveOutRulesTests
{
    private const string Point = "0300000000000000000001";
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static readonly DateOnly ContractStart = new(2024, 4, 1);

    [Fact]
    public void CurrentRetailer_FutureDate_Holds()
    {
        Assert.Empty(Codes(Check("R0001", Today.AddDays(5))));
    }

    [Fact]
    public void AnotherRetailer_FailsCurrentRetailerRule()
    {
        Assert.Equal([CurrentRetailerRule.ErrorCode], Codes(Check("R0002", Today.AddDays(5))));
    }

    [Fact]
    public void OpenApplication_FailsNoSwitchInProgressRule()
    {
        var open = new Application { Kind = ApplicationKinds.SwitchIn, RetailerCode = "R0002", SupplyPointId = Point, Number = "A000000000001" };

        Assert.Equal([NoSwitchInProgressRule.ErrorCode], Codes(Check("R0001", Today.AddDays(5), applications: [open])));
    }

    [Fact]
    public void OpenRelay_FailsNoSwitchInProgressRule()
    {
        var relay = new CancellationRelay
        {
            Number = "C000000000001",
            SupplyPointId = Point,
            NewRetailerCode = "R0002",
            CurrentRetailerCode = "R0001",
            ContractNumber = "K1",
            HolderName = "山田太郎",
            Address = "東京都千代田区丸の内1-1",
        };

        Assert.Equal([NoSwitchInProgressRule.ErrorCode], Codes(Check("R0001", Today.AddDays(5), relays: [relay])));
    }

    [Fact]
    public void MissingEndDate_FailsMoveOutDateRule()
    {
        var errors = Evaluate(Check("R0001", null));

        Assert.Equal([(MoveOutDateRule.ErrorCode, "endDate")], errors.ConvertAll(e => (e.Code, e.Field)));
    }

    [Fact]
    public void PastEndDate_FailsMoveOutDateRule()
    {
        Assert.Equal([MoveOutDateRule.ErrorCode], Codes(Check("R0001", Today.AddDays(-1))));
    }

    [Fact]
    public void LowVoltage_Today_Holds()
    {
        Assert.Empty(Codes(Check("R0001", Today)));
    }

    [Fact]
    public void HighVoltage_Today_FailsMoveOutDateRule()
    {
        Assert.Equal([MoveOutDateRule.ErrorCode], Codes(Check("R0001", Today, voltage: VoltageClasses.High)));
        Assert.Empty(Codes(Check("R0001", Today.AddDays(1), voltage: VoltageClasses.High)));
    }

    [Fact]
    public void EndDateNotAfterContractStart_FailsMoveOutDateRule()
    {
        Assert.Equal([MoveOutDateRule.ErrorCode], Codes(Check("R0001", Today.AddDays(3), contractStart: Today.AddDays(3))));
        Assert.Empty(Codes(Check("R0001", Today.AddDays(4), contractStart: Today.AddDays(3))));
    }

    private static List<string> Codes(MoveOutCheck check) => Evaluate(check).ConvertAll(e => e.Code);

    private static List<RuleViolation> Evaluate(MoveOutCheck check) => PointFactsReader.Evaluate(MoveOutRules.All, check);

    private static MoveOutCheck Check(
        string caller, DateOnly? endDate, string voltage = VoltageClasses.Low, DateOnly? contractStart = null,
        IReadOnlyList<Application>? applications = null, IReadOnlyList<CancellationRelay>? relays = null) => new()
        {
            Caller = caller,
            Request = new MoveOutRequest(Point, endDate, RemoveFacilities: false, Contents.MoveOut),
            Point = new PointState(SupplyPointId.Parse(Point), null, true, new PointFacts
            {
                Point = new SupplyPoint { Id = Point, Area = 3, Address = "東京都千代田区丸の内1-1", VoltageClass = voltage },
                OpenContract = new WheelingContract { Id = 1, SupplyPointId = Point, RetailerCode = "R0001", StartDate = contractStart ?? ContractStart },
                OpenApplications = applications ?? [],
                OpenRelays = relays ?? [],
            }, Today),
        };
}
