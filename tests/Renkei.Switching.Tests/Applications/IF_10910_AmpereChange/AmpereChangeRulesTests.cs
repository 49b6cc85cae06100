using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;

namespace Renkei.Switching.Tests.Applications.IF_10910_AmpereChange;

/// <summary>The ampere-change rules on their own, over facts built in memory (no store).</summary>
public sealed class AmpereChangeRulesTests
{
    private const string Point = "0300000000000000000001";
    private static readonly DateOnly Today = new(2026, 11, 27);

    [Theory]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(20)]
    [InlineData(30)]
    [InlineData(40)]
    [InlineData(50)]
    [InlineData(60)]
    public void CurrentRetailer_StandardCurrent_Holds(int amperes)
    {
        Assert.Empty(Codes(Check("R0001", amperes, Today)));
    }

    [Fact]
    public void AnotherRetailer_FailsCurrentRetailerRule()
    {
        Assert.Equal([CurrentRetailerRule.ErrorCode], Codes(Check("R0002", 30, Today.AddDays(3))));
    }

    [Fact]
    public void HighVoltagePoint_FailsAmpereValueRule()
    {
        Assert.Equal([(AmpereValueRule.ErrorCode, "supplyPointId")], Fields(Check("R0001", 30, Today.AddDays(3), voltage: VoltageClasses.High)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(25)]
    [InlineData(0)]
    [InlineData(100)]
    public void NonStandardOrMissingCurrent_FailsAmpereValueRule(int? amperes)
    {
        Assert.Equal([(AmpereValueRule.ErrorCode, "amperes")], Fields(Check("R0001", amperes, Today.AddDays(3))));
    }

    [Fact]
    public void PastOrMissingChangeDate_FailsAmpereValueRule()
    {
        Assert.Equal([(AmpereValueRule.ErrorCode, "changeDate")], Fields(Check("R0001", 30, Today.AddDays(-1))));
        Assert.Equal([(AmpereValueRule.ErrorCode, "changeDate")], Fields(Check("R0001", 30, null)));
    }

    [Fact]
    public void AnotherAmpereChangeScheduled_FailsScheduledAmpereChangeRule()
    {
        var scheduled = Open(ApplicationKinds.AmpereChange);

        Assert.Equal([(ScheduledAmpereChangeRule.ErrorCode, "changeDate")], Fields(Check("R0001", 30, Today.AddDays(3), [scheduled])));
    }

    [Fact]
    public void OtherKindOpen_DoesNotFailScheduledAmpereChangeRule()
    {
        Assert.Empty(Codes(Check("R0001", 30, Today.AddDays(3), [Open(ApplicationKinds.SwitchOut)])));
    }

    private static Application Open(string kind) =>
        new() { Kind = kind, RetailerCode = "R0001", SupplyPointId = Point, Number = "A000000000001", Amperes = 40, SwitchDate = Today.AddDays(10) };

    private static List<string> Codes(AmpereChangeCheck check) => PointFactsReader.Evaluate(AmpereChangeRules.All, check).ConvertAll(e => e.Code);

    private static List<(string, string)> Fields(AmpereChangeCheck check) =>
        PointFactsReader.Evaluate(AmpereChangeRules.All, check).ConvertAll(e => (e.Code, e.Field));

    private static AmpereChangeCheck Check(
        string caller, int? amperes, DateOnly? changeDate, IReadOnlyList<Application>? applications = null, string voltage = VoltageClasses.Low) => new()
        {
            Caller = caller,
            Request = new AmpereChangeRequest(Point, amperes, changeDate),
            Point = new PointState(SupplyPointId.Parse(Point), null, true, new PointFacts
            {
                Point = new SupplyPoint { Id = Point, Area = 3, Address = "東京都千代田区丸の内1-1", VoltageClass = voltage },
                OpenContract = new WheelingContract { Id = 1, SupplyPointId = Point, RetailerCode = "R0001", StartDate = new DateOnly(2024, 4, 1) },
                OpenApplications = applications ?? [],
            }, Today),
        };
}
