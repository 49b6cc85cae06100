namespace Renkei.Gateway.Tests.Support;

/// <summary>The contract histories the gateway tests decide access on (end dates exclusive, as in switching).</summary>
public static class Market
{
    public const string R1 = "R0001";
    public const string R2 = "R0002";
    public const string R3 = "R0003";

    /// <summary>Supplied by R1 until the switch day, by R2 from it on.</summary>
    public const string Switched = "0310000000000000000001";

    /// <summary>Supplied by R1 since market opening, no end.</summary>
    public const string R1Only = "0310000000000000000002";

    /// <summary>Supplied by R2 from 2026-01-01 until (excluding) 2026-06-01; nobody after.</summary>
    public const string Ended = "0310000000000000000003";

    /// <summary>Supplied by R3 (the retailer whose system must use mutual TLS).</summary>
    public const string R3Only = "0310000000000000000004";

    /// <summary>Supplied by R1 since market opening; only <c>Access/LiveSwitchTests</c> switches it to R2, through the gateway.</summary>
    public const string LiveSwitch = "0310000000000000000005";

    /// <summary>A well-formed ID no contract mentions.</summary>
    public const string Unknown = "0310000000000000000099";

    public static readonly DateOnly SwitchDay = new(2026, 11, 10);

    public static readonly string[] Retailers = [R1, R2, R3];

    public static readonly (string Point, (string Retailer, DateOnly Start, DateOnly? End)[] Contracts)[] Contracts =
    [
        (Switched, [(R1, new DateOnly(2016, 4, 1), SwitchDay), (R2, SwitchDay, null)]),
        (R1Only, [(R1, new DateOnly(2016, 4, 1), null)]),
        (Ended, [(R2, new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 1))]),
        (R3Only, [(R3, new DateOnly(2016, 4, 1), null)]),
        (LiveSwitch, [(R1, new DateOnly(2016, 4, 1), null)]),
    ];
}
