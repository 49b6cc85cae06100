using System.Text;
using System.Text.Json;
using Renkei.Domain;
using Renkei.Domain.Calendar;
using Renkei.Formats.Api.Switching;
using Renkei.Formats.Reads;
using Renkei.Formats.Registry;
using Renkei.Formats.Switching;

namespace Renkei.Fuzz;

/// <summary>
/// One target per parser of outside bytes. Each catches only the parser's documented error: any other exception
/// escapes and afl++ records the input as a crash (the same rule as tests/Renkei.Formats.Tests/Fuzz).
/// </summary>
internal static class FuzzTargets
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["reads-csv"] = ReadsCsv,
        ["reads-binary"] = ReadsBinary,
        ["registry"] = Registry,
        ["market"] = bytes => MarketFile.Parse(bytes),
        ["switch-ins"] = bytes => Renkei.Formats.Switching.Bulk.BulkKinds.SwitchIns.Parse(Encoding.UTF8.GetString(bytes)),
        ["relays"] = bytes => Renkei.Formats.Switching.Bulk.BulkKinds.CancellationRelays.Parse(Encoding.UTF8.GetString(bytes)),
        ["holidays"] = Holidays,
        ["switching-json"] = SwitchingJson,
    };

    private static void ReadsCsv(byte[] bytes)
    {
        try
        {
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);
            ReadsCsvParser.Parse(reader, Meters.Instance, []);
        }
        catch (ReadsFileException)
        {
        }
    }

    private static void ReadsBinary(byte[] bytes)
    {
        try
        {
            BinaryReadsReader.Decode(bytes, Meters.Instance, [], []);
        }
        catch (ReadsFileException)
        {
        }
    }

    private static void Registry(byte[] bytes)
    {
        try
        {
            RegistryCsvParser.Parse(new MemoryStream(bytes));
        }
        catch (RegistryFileException)
        {
        }
    }

    private static void Holidays(byte[] bytes)
    {
        try
        {
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);
            BusinessCalendar.Load(reader, [ClosingDays.YearEnd]);
        }
        catch (DomainFormatException)
        {
        }
    }

    private static void SwitchingJson(byte[] bytes)
    {
        foreach (var type in new[] { typeof(SwitchInRequest), typeof(SwitchOutRequest), typeof(MoveInRequest), typeof(MoveOutRequest), typeof(AmpereChangeRequest), typeof(CustomerDetailsRequest), typeof(RelayDecisionRequest), typeof(RelayRegistrationRequest), typeof(ReturnRequest), typeof(AcknowledgeRequest) })
        {
            try
            {
                JsonSerializer.Deserialize(bytes, type, Web);
            }
            catch (JsonException)
            {
            }
        }
    }

    /// <summary>Three registered meters, as the HES's registry would resolve them.</summary>
    private sealed class Meters : IMeterOrdinals
    {
        public static readonly Meters Instance = new();

        private static readonly string[] Ids = ["M1", "M2", "メーター3"];

        public bool TryGetOrdinal(ReadOnlySpan<char> meterId, out int ordinal)
        {
            for (ordinal = 0; ordinal < Ids.Length; ordinal++)
            {
                if (meterId.SequenceEqual(Ids[ordinal]))
                {
                    return true;
                }
            }

            ordinal = -1;
            return false;
        }

        public int PrefetchOrdinal(ReadOnlySpan<byte> meterIdUtf8) => meterIdUtf8.Length;

        public bool TryGetOrdinal(ReadOnlySpan<byte> meterIdUtf8, int hash, out int ordinal) =>
            TryGetOrdinal(Encoding.UTF8.GetString(meterIdUtf8), out ordinal);
    }
}
