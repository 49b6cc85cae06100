using Renkei.Domain.Energy;
using Renkei.Formats.Registry;

namespace Renkei.Formats.Tests.Registry;

public sealed class RegistryCsvParserTests
{
    private const string Header = "supply_point_id,meter_id,multiplier,register_digits,installed_at,initial_register_kwh,removed_at,final_register_kwh";
    private const string Point = "0300111122223333444455";

    [Fact]
    public void Parse_GoodFile_GivesOneInstallationPerLineWithDefaults()
    {
        var meters = RegistryCsvParser.Parse(new StringReader(
            Header + ",voltage_class\n"
            + Point + ",M1,1,6,2026-04-01T00:00:00+09:00,12.5,2026-04-02T00:30:00+09:00,20,\n"
            + Point + ",M2,30,6,2026-04-02T00:30:00+09:00,0,,,high\n"));

        Assert.Equal(2, meters.Count);
        var old = meters[0];
        Assert.Equal(("M1", 125_000L, 200_000L, VoltageClass.Low), (old.MeterId, old.InitialRegister.Units, old.FinalRegister!.Value.Units, old.VoltageClass));
        Assert.Equal(new DateTimeOffset(2026, 4, 2, 0, 30, 0, TimeSpan.FromHours(9)), old.RemovedAt);
        Assert.Equal(RegistryCsvParser.DefaultMaxPerSlot(VoltageClass.Low), old.MaxPerSlot);
        var high = meters[1];
        Assert.Equal((VoltageClass.High, (Kwh?)null), (high.VoltageClass, high.FinalRegister));
        Assert.Equal(RegistryCsvParser.DefaultMaxPerSlot(VoltageClass.High), high.MaxPerSlot);
    }

    [Fact]
    public void Parse_BadLines_RejectsTheWholeFileListingEveryErrorWithItsLine()
    {
        var e = Assert.Throws<RegistryFileException>(() => RegistryCsvParser.Parse(new StringReader(
            Header + "\n"
            + Point + ",M1,1,6,2026-04-01T00:10:30+09:00,1,,\n"
            + Point + ",M1,1,6,2026-04-01T00:00:00+09:00,1000000,,\n")));

        Assert.Contains(e.Errors, m => m.StartsWith("line 2: installed_at:", StringComparison.Ordinal) && m.Contains("whole minute", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("line 3: meter_id:", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("line 3: initial_register_kwh:", StringComparison.Ordinal) && m.Contains("6 digits", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ReplacementAtAnyMinute_TakesTheInstantsAndTheExportRegistersReadThen()
    {
        var meters = RegistryCsvParser.Parse(new StringReader(
            Header + ",measures_export,initial_export_register_kwh,final_export_register_kwh\n"
            + Point + ",OLD,1,5,2026-01-01T00:00:00+09:00,0,2026-04-01T14:10:00+09:00,12345.6,true,,20.3\n"
            + Point + ",NEW,40,6,2026-04-01T14:10+09:00,0,,,true,3,\n"));

        var (old, replacement) = (meters[0], meters[1]);
        var at = new DateTimeOffset(2026, 4, 1, 14, 10, 0, TimeSpan.FromHours(9));
        Assert.Equal((at, Kwh.Parse("12345.6"), (Kwh?)null, Kwh.Parse("20.3")), (old.RemovedAt!.Value, old.FinalRegister!.Value, old.InitialExportRegister, old.FinalExportRegister!.Value));
        Assert.Equal((at, 40, Kwh.Parse("3"), (Kwh?)null), (replacement.InstalledAt, replacement.Multiplier.Value, replacement.InitialExportRegister!.Value, replacement.FinalExportRegister));
    }

    [Fact]
    public void Parse_ExportRegistersThatCannotHold_AreRejectedNamingLineColumnAndWhy()
    {
        var e = Assert.Throws<RegistryFileException>(() => RegistryCsvParser.Parse(new StringReader(
            Header + ",measures_export,initial_export_register_kwh,final_export_register_kwh\n"
            + Point + ",M1,1,6,2026-04-01T14:10:00+09:00,0,,,false,3,\n"
            + Point + ",M2,1,6,2026-04-01T14:10:00+09:00,0,,,true,,4\n"
            + Point + ",M3,1,2,2026-04-01T14:10:00+09:00,0,,,true,100,\n")));

        Assert.Equal(
            [
                "line 2: initial_export_register_kwh: is given for a meter that does not measure export (measures_export is false)",
                "line 3: final_export_register_kwh: is given without removed_at",
                "line 4: initial_export_register_kwh: 100 does not fit the register's 2 digits",
            ],
            e.Errors);
    }

    [Fact]
    public void Parse_UnknownOrMissingColumns_AreReportedOnLine1()
    {
        var e = Assert.Throws<RegistryFileException>(() => RegistryCsvParser.Parse(new StringReader("supply_point_id,meter_id,colour\n")));

        Assert.Contains("line 1: unknown column 'colour'", e.Errors);
        Assert.Contains("line 1: required column 'multiplier' is missing", e.Errors);
    }
}

public sealed class RegistryCsvParserBoundsTests
{
    private const string Header = "supply_point_id,meter_id,multiplier,register_digits,installed_at,initial_register_kwh,removed_at,final_register_kwh";
    private const string Point = "0300111122223333444455";

    [Fact]
    public void Parse_InvalidUtf8_RejectsTheFileNamingLineAndFieldAndListingTheOtherFaults()
    {
        using var file = new MemoryStream(
        [
            .. System.Text.Encoding.UTF8.GetBytes(Header + "\n" + Point + ",M1,1,6,2026-04-01T00:00:00+09:00,0,,\n" + Point + ",M"),
            0xFF, 0xFE,
            .. System.Text.Encoding.UTF8.GetBytes(",1,6,2026-04-01T00:00:00+09:00,0,,\n" + Point + ",M3,1,6,9999-12-31T00:00:00+09:00,0,,\n"),
        ]);

        var e = Assert.Throws<RegistryFileException>(() => RegistryCsvParser.Parse(file));

        Assert.Equal(2, e.Errors.Count);
        Assert.Equal("line 3: meter_id: is not valid UTF-8 (byte 25 of the line)", e.Errors[0]);
        Assert.StartsWith("line 4: installed_at: '9999-12-31T00:00:00+09:00' is outside the accepted dates, 2000-01-01 to 2099-12-31", e.Errors[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("installed_at", "9999-12-31T00:00:00+09:00", "")]
    [InlineData("installed_at", "1999-12-31T23:30:00+09:00", "")]
    [InlineData("removed_at", "2026-04-01T00:00:00+09:00", "2100-01-01T00:30:00+09:00")]
    public void Parse_InstantOutsideTheAcceptedDates_IsRefusedNamingTheColumn(string column, string installed, string removed)
    {
        var installedAt = column == "removed_at" ? installed : installed;
        var final = removed.Length > 0 ? "1" : string.Empty;

        var e = Assert.Throws<RegistryFileException>(() => RegistryCsvParser.Parse(new StringReader(
            Header + "\n" + Point + $",M1,1,6,{installedAt},0,{removed},{final}\n")));

        Assert.Contains(e.Errors, m => m.StartsWith($"line 2: {column}: ", StringComparison.Ordinal) && m.Contains("outside the accepted dates", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EdgesOfTheAcceptedDates_AreAccepted()
    {
        var meters = RegistryCsvParser.Parse(new StringReader(
            Header + "\n" + Point + ",M1,1,6,2000-01-01T00:00:00+09:00,0,2100-01-01T00:00:00+09:00,1\n"));

        Assert.Single(meters);
    }
}
