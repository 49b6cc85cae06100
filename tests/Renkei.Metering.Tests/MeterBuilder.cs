using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests;

/// <summary>Builds a <see cref="MeterInstallation"/> with plain low-voltage defaults; each test changes only what it is about.</summary>
internal sealed class MeterBuilder
{
    public const string SupplyPointA = "0310000000000000000001";
    public const string SupplyPointB = "0310000000000000000002";

    private string meterId = "M1";
    private string supplyPoint = SupplyPointA;
    private int multiplier = 1;
    private int digits = 6;
    private DateTimeOffset installedAt = EngineHarness.Boundary(0).AddDays(-30);
    private string initial = "0";
    private string maxPerSlot = "50";
    private bool export;
    private DateTimeOffset? removedAt;
    private string? final;
    private string? initialExport;
    private string? finalExport;

    public MeterBuilder Id(string id)
    {
        meterId = id;
        return this;
    }

    public MeterBuilder At(string supplyPointId)
    {
        supplyPoint = supplyPointId;
        return this;
    }

    public MeterBuilder Multiplier(int value)
    {
        multiplier = value;
        return this;
    }

    public MeterBuilder Digits(int value)
    {
        digits = value;
        return this;
    }

    public MeterBuilder InstalledAt(DateTimeOffset instant)
    {
        installedAt = instant;
        return this;
    }

    public MeterBuilder Initial(string kwh)
    {
        initial = kwh;
        return this;
    }

    public MeterBuilder MaxPerSlot(string kwh)
    {
        maxPerSlot = kwh;
        return this;
    }

    public MeterBuilder WithExport()
    {
        export = true;
        return this;
    }

    public MeterBuilder RemovedAt(DateTimeOffset instant, string finalKwh)
    {
        removedAt = instant;
        final = finalKwh;
        return this;
    }

    /// <summary>The export registers read at installation and removal (the meter measures export).</summary>
    public MeterBuilder ExportRegisters(string? initialKwh, string? finalKwh)
    {
        export = true;
        initialExport = initialKwh;
        finalExport = finalKwh;
        return this;
    }

    public MeterInstallation Build() => new(
        SupplyPointId.Parse(supplyPoint),
        meterId,
        Domain.Energy.Multiplier.FromInt32(multiplier),
        digits,
        installedAt,
        Kwh.Parse(initial),
        Kwh.Parse(maxPerSlot),
        export,
        removedAt,
        final is null ? null : Kwh.Parse(final),
        VoltageClass.Low,
        initialExport is null ? null : Kwh.Parse(initialExport),
        finalExport is null ? null : Kwh.Parse(finalExport));
}
