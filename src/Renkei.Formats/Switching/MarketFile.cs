using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Renkei.Domain.Identifiers;
using Renkei.Formats.Text;

namespace Renkei.Formats.Switching;

/// <summary>
/// The market file (docs/formats.md, "Market file"): the retailers, supply points, contract holders and wheeling
/// contracts a switching hub or an area TSO node starts from. One UTF-8 CSV, one record per line, its kind in the
/// first field (<c>retailer</c>, <c>supply_point</c>, <c>holder</c>, <c>contract</c>); <c>#</c> starts a comment
/// line. Read whole: every fault of form is listed with its line, and a file with any fault is not used.
/// </summary>
public static class MarketFile
{
    /// <summary>Largest file read (64 MiB): a market of a few hundred thousand points; larger markets are split.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>Each record kind with its fields after the kind, in order.</summary>
    public static IReadOnlyDictionary<string, string[]> Columns { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["retailer"] = ["code", "name"],
        ["supply_point"] = ["id", "address", "voltage_class", "contract_type", "contract_amperes", "contract_capacity_kw", "meter_type", "remote_reading", "reading_day", "smart_meter_replacement", "smart_meter_replacement_date", "reading_schedule"],
        ["holder"] = ["supply_point_id", "retailer_code", "customer_number", "name", "name_kana", "address", "phone"],
        ["contract"] = ["supply_point_id", "retailer_code", "start_date", "end_date"],
    };

    /// <summary>
    /// Reads a market file's bytes: the records, and every fault of form (empty when the file is usable). Each line
    /// must be valid UTF-8: a line that is not is named (a name or address with U+FFFD must not enter the market).
    /// </summary>
    public static MarketRecords Parse(ReadOnlySpan<byte> utf8)
    {
        var invalid = new SortedSet<int>();
        var line = 1;
        var rest = utf8;
        while (true)
        {
            var newline = rest.IndexOf((byte)'\n');
            var current = newline >= 0 ? rest[..newline] : rest;
            if (!Utf8.IsValid(current))
            {
                invalid.Add(line);
            }

            if (newline < 0)
            {
                break;
            }

            rest = rest[(newline + 1)..];
            line++;
        }

        return Parse(Encoding.UTF8.GetString(utf8), invalid);
    }

    /// <summary>Reads <paramref name="text"/> (already decoded): the records, and every fault of form (empty when the file is usable).</summary>
    public static MarketRecords Parse(string text) => Parse(text, null);

    private static MarketRecords Parse(string text, SortedSet<int>? invalidLines)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new MarketRecords();
        var csv = CsvText.Read(text, out var csvError);
        if (csvError is not null)
        {
            records.Errors.Add(new FormatError(0, "file", csvError));
            return records;
        }

        var kept = 0;
        for (var r = 0; r < csv.Count; r++)
        {
            var (line, fields) = csv[r];

            // A record spans its first line up to the next record's (a quoted field may hold line breaks).
            var next = r + 1 < csv.Count ? csv[r + 1].Line : int.MaxValue;
            if (invalidLines is not null && invalidLines.GetViewBetween(line, next - 1).Count > 0)
            {
                var bad = invalidLines.GetViewBetween(line, next - 1).Min;
                var at = Array.FindIndex(fields, f => f.Contains('\uFFFD', StringComparison.Ordinal));
                var kindText = fields[0].Trim();
                var field = at <= 0 || !Columns.TryGetValue(kindText, out var known) || at > known.Length ? (at == 0 ? "kind" : "line") : $"{kindText}.{known[at - 1]}";
                records.Errors.Add(new FormatError(bad, field, "is not valid UTF-8"));
                continue;
            }

            if (fields[0].TrimStart().StartsWith('#'))
            {
                continue;
            }

            kept++;

            var kind = fields[0].Trim();
            if (!Columns.TryGetValue(kind, out var columns))
            {
                records.Errors.Add(new FormatError(line, "kind", $"'{Echo.Prefix(kind)}' is not a record kind (retailer, supply_point, holder, contract)"));
                continue;
            }

            // reading_schedule, the last supply_point column, may be left off (a file written before schedules existed).
            if (kind == "supply_point" && fields.Length == columns.Length)
            {
                fields = [.. fields, string.Empty];
            }

            if (fields.Length != columns.Length + 1)
            {
                records.Errors.Add(new FormatError(line, kind, $"a {kind} line has {columns.Length + 1} fields (kind, {string.Join(", ", columns)}), this one {fields.Length}"));
                continue;
            }

            var row = new Row(line, kind, columns, fields, records.Errors);
            switch (kind)
            {
                case "retailer":
                    ReadRetailer(row, records);
                    break;
                case "supply_point":
                    ReadPoint(row, records);
                    break;
                case "holder":
                    ReadHolder(row, records);
                    break;
                default:
                    ReadContract(row, records);
                    break;
            }
        }

        if (kept == 0 && records.Errors.Count == 0)
        {
            records.Errors.Add(new FormatError(0, "file", "the market file holds no record; expected retailer, supply_point, holder and contract lines"));
        }

        return records;
    }

    /// <summary>The voltage classes of a supply_point line.</summary>
    public const string LowVoltage = "low";

    public const string HighVoltage = "high";

    /// <summary>特別高圧.</summary>
    public const string ExtraHighVoltage = "extra";

    /// <summary>The meter types of a supply_point line.</summary>
    public const string SmartMeter = "smart";

    public const string ConventionalMeter = "conventional";

    private static void ReadRetailer(Row row, MarketRecords records)
    {
        var code = row.Retailer("code");
        var name = row.Text("name", 200, required: true);
        if (row.Valid)
        {
            records.Retailers.Add((row.Line, new MarketRetailer(code!, name)));
        }
    }

    private static void ReadPoint(Row row, MarketRecords records)
    {
        var id = row.Point("id");
        var address = row.Text("address", 400, required: true);
        var voltage = row.OneOf("voltage_class", LowVoltage, LowVoltage, HighVoltage, ExtraHighVoltage);
        var contractType = row.Text("contract_type", 40, required: false);
        var amperes = row.Number("contract_amperes", 1, 1000);
        var capacity = row.Number("contract_capacity_kw", 1, 100_000);
        var meter = row.OneOf("meter_type", SmartMeter, SmartMeter, ConventionalMeter);
        var remote = row.OneOf("remote_reading", "true", "true", "false");
        var readingDay = row.Number("reading_day", 1, 28);
        var replacement = row.OneOf("smart_meter_replacement", "done", "done", "planned", "none");
        var replacementDate = row.Date("smart_meter_replacement_date");
        var schedule = row.ScheduleCode("reading_schedule");
        if (row.Valid)
        {
            records.Points.Add((row.Line, new MarketSupplyPoint(
                id!.Value.Value, (int)id.Value.Area, address, voltage, contractType, amperes, capacity, meter, remote == "true", readingDay ?? 1, replacement, replacementDate, schedule)));
        }
    }

    private static void ReadHolder(Row row, MarketRecords records)
    {
        var point = row.Point("supply_point_id");
        var retailer = row.Retailer("retailer_code");
        var number = row.Text("customer_number", 21, required: true);
        var name = row.Text("name", 80, required: true);
        var kana = row.Text("name_kana", 80, required: false);
        var address = row.Text("address", 400, required: true);
        var phone = row.Text("phone", 20, required: false);
        if (row.Valid)
        {
            records.Holders.Add((row.Line, new MarketHolder(point!.Value.Value, retailer!, number, name, kana, address, phone)));
        }
    }

    private static void ReadContract(Row row, MarketRecords records)
    {
        var point = row.Point("supply_point_id");
        var retailer = row.Retailer("retailer_code");
        var start = row.Date("start_date", required: true);
        var end = row.Date("end_date");
        if (start is { } s && end is { } e && e <= s)
        {
            row.Fail("end_date", $"{DateText.Format(e)} is not after start_date {DateText.Format(s)} (the end is exclusive)");
        }

        if (row.Valid)
        {
            records.Contracts.Add((row.Line, new MarketContract(point!.Value.Value, retailer!, start!.Value, end)));
        }
    }

    /// <summary>One line's fields by column name, collecting its faults.</summary>
    private sealed class Row(int line, string kind, string[] columns, string[] fields, List<FormatError> errors)
    {
        public int Line => line;

        public bool Valid { get; private set; } = true;

        public void Fail(string column, string message)
        {
            Valid = false;
            errors.Add(new FormatError(line, $"{kind}.{column}", message));
        }

        private string Field(string column) => fields[Array.IndexOf(columns, column) + 1].Trim();

        public string Text(string column, int maxLength, bool required)
        {
            var value = Field(column);
            if (required && value.Length == 0)
            {
                Fail(column, "is required");
            }
            else if (value.Length > maxLength)
            {
                Fail(column, $"is {value.Length} characters, at most {maxLength}");
            }

            return value;
        }

        public string? ScheduleCode(string column)
        {
            var value = Field(column);
            if (value.Length == 0)
            {
                return null;
            }

            if (value.Length > ReadingScheduleFile.MaxCodeLength || !value.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
            {
                Fail(column, $"'{Echo.Prefix(value)}' is not a schedule code: 1 to {ReadingScheduleFile.MaxCodeLength} digits or capital letters");
            }

            return value;
        }

        public SupplyPointId? Point(string column)
        {
            if (SupplyPointId.TryParse(Field(column), out var id, out var error))
            {
                return id;
            }

            Fail(column, error);
            return null;
        }

        public string? Retailer(string column)
        {
            if (RetailerCode.TryParse(Field(column), out var code, out var error))
            {
                return code.ToString();
            }

            Fail(column, error);
            return null;
        }

        public string OneOf(string column, string empty, params string[] allowed)
        {
            var value = Field(column);
            if (value.Length == 0)
            {
                return empty;
            }

            if (!allowed.Contains(value, StringComparer.Ordinal))
            {
                Fail(column, $"'{Echo.Prefix(value)}' is not one of {string.Join(", ", allowed)}");
            }

            return value;
        }

        public int? Number(string column, int min, int max)
        {
            var value = Field(column);
            if (value.Length == 0)
            {
                return null;
            }

            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            {
                return number;
            }

            Fail(column, $"'{Echo.Prefix(value)}' is not a whole number from {min} to {max}");
            return null;
        }

        public DateOnly? Date(string column, bool required = false)
        {
            var value = Field(column);
            if (value.Length == 0)
            {
                if (required)
                {
                    Fail(column, "is required (YYYY-MM-DD)");
                }

                return null;
            }

            if (!DateText.TryParse(value, out var date))
            {
                Fail(column, $"'{Echo.Prefix(value)}' is not a date YYYY-MM-DD");
                return null;
            }

            if (!MasterDataDates.Contains(date))
            {
                Fail(column, MasterDataDates.OutOfRange(value));
                return null;
            }

            return date;
        }
    }
}

/// <summary>The records of a market file, each with its line, and its faults.</summary>
public sealed class MarketRecords
{
    public List<(int Line, MarketRetailer Retailer)> Retailers { get; } = [];

    public List<(int Line, MarketSupplyPoint Point)> Points { get; } = [];

    public List<(int Line, MarketHolder Holder)> Holders { get; } = [];

    public List<(int Line, MarketContract Contract)> Contracts { get; } = [];

    public List<FormatError> Errors { get; } = [];
}

/// <summary>A <c>retailer</c> line.</summary>
public sealed record MarketRetailer(string Code, string Name);

/// <summary>A <c>supply_point</c> line, its defaults applied (low voltage, smart meter read remotely, reading day 1, replacement done, no reading schedule).</summary>
public sealed record MarketSupplyPoint(
    string Id,
    int Area,
    string Address,
    string VoltageClass,
    string ContractType,
    int? ContractAmperes,
    int? ContractCapacityKw,
    string MeterType,
    bool RemoteReading,
    int ReadingDay,
    string SmartMeterReplacement,
    DateOnly? SmartMeterReplacementDate,
    string? ReadingSchedule = null);

/// <summary>A <c>holder</c> line: the contract holder of a point for one retailer.</summary>
public sealed record MarketHolder(string SupplyPointId, string RetailerCode, string CustomerNumber, string Name, string NameKana, string Address, string Phone);

/// <summary>A <c>contract</c> line: start inclusive, end exclusive (null while open).</summary>
public sealed record MarketContract(string SupplyPointId, string RetailerCode, DateOnly StartDate, DateOnly? EndDate);
