using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Renkei.Formats.Registry;
using Renkei.Formats.Text;

namespace Renkei.Formats.Tests.Fuzz;

/// <summary>
/// The registry file on outside bytes: accepted whole, or <see cref="RegistryFileException"/> with every reason
/// as <c>line N: field: why</c>; nothing else thrown, memory bounded, and nothing accepted that holds U+FFFD or a
/// date outside the accepted range.
/// </summary>
public sealed partial class RegistryFuzzTests
{
    private const string Header = "supply_point_id,meter_id,multiplier,register_digits,installed_at,initial_register_kwh,removed_at,final_register_kwh";

    private static readonly string[] Seeds =
    [
        Header + ",voltage_class,measures_export,max_kwh_per_slot\n"
            + "0300111122223333444455,M1,1,6,2026-04-01T00:00:00+09:00,12.5,2026-04-02T00:30:00+09:00,20,low,false,\n"
            + "0300111122223333444455,M2,30,6,2026-04-02T00:30:00+09:00,0,,,high,true,100\n",
        Header + "\r\n0100000000000000000001,メーター,1,12,2000-01-01T00:00:00+09:00,0,,\r\n",
    ];

    [Property(MaxTest = Fuzz.Cases)]
    public Property Registry_AnyBytes_AcceptedWholeOrEveryReasonWithItsLine() =>
        Prop.ForAll(Fuzz.Inputs(Seeds, ["supply_point_id", "meter_id", "installed_at", "removed_at", "true", "extra_high", "2100-01-01T00:00:00+09:00"]), input =>
        {
            List<MeterInstallation>? meters = null;
            var allocated = Fuzz.Allocated(() =>
            {
                try
                {
                    meters = RegistryCsvParser.Parse(new MemoryStream(input.Bytes));
                }
                catch (RegistryFileException e)
                {
                    Assert.NotEmpty(e.Errors);
                    Assert.All(e.Errors, error => Assert.Matches(LinePattern(), error));
                }
            });

            Assert.All(meters ?? [], m =>
            {
                Assert.DoesNotContain('\uFFFD', m.MeterId);
                Assert.True(MasterDataDates.Contains(m.InstalledAt));
            });
            Fuzz.AssertBounded(allocated, input);
        });

    [GeneratedRegex(@"^line \d+: \S.*", RegexOptions.Singleline)]
    private static partial Regex LinePattern();
}
