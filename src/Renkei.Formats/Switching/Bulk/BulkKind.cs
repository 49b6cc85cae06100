using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Renkei.Formats.Text;

namespace Renkei.Formats.Switching.Bulk;

/// <summary>
/// One kind of bulk file (docs/formats.md, 一括申請): its route name, interface ID, columns, and the market's item
/// names of its result file. <see cref="BulkKind{TRequest}.Parse"/> reads a file of the kind.
/// </summary>
public abstract class BulkKind(string name, string interfaceId, string numberItem, string? dateItem, IReadOnlyList<BulkColumn> columns)
{
    /// <summary>The most rows of a file.</summary>
    public const int MaxRows = 10_000;

    /// <summary>The route segment and the screens' value: <c>switch-ins</c>, <c>cancellation-relays</c>, ….</summary>
    public string Name { get; } = name;

    /// <summary>The market interface each row is submitted as (<c>IF_10610</c>, <c>IS_20110</c>, …).</summary>
    public string InterfaceId { get; } = interfaceId;

    /// <summary>The result file's item for what a row creates: 申込番号 or 廃止取次番号.</summary>
    public string NumberItem { get; } = numberItem;

    /// <summary>The result file's item for the date the row takes (null: the kind has none).</summary>
    public string? DateItem { get; } = dateItem;

    public IReadOnlyList<BulkColumn> Columns { get; } = columns;

    /// <summary>The header of a file of this kind with every column, as the screens and docs show it.</summary>
    public string Header => string.Join(',', Columns.Select(c => c.Name));

    /// <summary>The column named <paramref name="header"/> (its name or its market item name), or null.</summary>
    public BulkColumn? Column(string header) => Columns.FirstOrDefault(c => c.Name == header || c.MarketName == header);
}

/// <summary>A kind whose rows become <typeparamref name="TRequest"/>, the single route's request.</summary>
public sealed class BulkKind<TRequest>(string name, string interfaceId, string numberItem, string? dateItem, IReadOnlyList<BulkColumn> columns)
    : BulkKind(name, interfaceId, numberItem, dateItem, columns)
    where TRequest : class
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Reads a file of this kind. The file is refused whole (<see cref="BulkParse{TRequest}.FileErrors"/>) only when it
    /// is not one: no header, an unknown or repeated column, a required column missing, no row, too many rows, or more
    /// faults of CSV form than a file of the kind has. Otherwise every line becomes a row: its request, and every
    /// fault of form its fields have (such a field is left out of the request, and named in
    /// <see cref="BulkRow{TRequest}.FaultedProperties"/>).
    /// </summary>
    public BulkParse<TRequest> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (records, faults) = CsvText.ReadAll(text);
        if (records.Count == 0 || faults.Any(f => f.Line < records[0].Line) || faults.Count > CsvText.MaxFaults)
        {
            return Refused(faults.Count > 0 ? faults : [new FormatError(1, "header", $"the file is empty; expected the header {Header}")]);
        }

        var (map, headerErrors) = ReadHeader(records[0].Fields);
        if (headerErrors.Count > 0)
        {
            return Refused(headerErrors);
        }

        var lines = records.Count - 1 + faults.Count;
        if (lines == 0)
        {
            return Refused([new FormatError(1, "file", $"the file has a header and no {Name} row")]);
        }

        if (lines > MaxRows)
        {
            return Refused([new FormatError(0, "file", string.Create(CultureInfo.InvariantCulture, $"the file has {lines} rows; at most {MaxRows} per file"))]);
        }

        var rows = new List<BulkRow<TRequest>>(lines);
        rows.AddRange(faults.Select(f => new BulkRow<TRequest>(f.Line, null, null, [f], [])));
        foreach (var (line, fields) in records.Skip(1))
        {
            rows.Add(ReadRow(line, fields, map));
        }

        rows.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new BulkParse<TRequest>(rows, []);
    }

    private static BulkParse<TRequest> Refused(List<FormatError> errors) => new([], [.. errors.OrderBy(e => e.Line)]);

    private (BulkColumn?[] Map, List<FormatError> Errors) ReadHeader(string[] fields)
    {
        var errors = new List<FormatError>();
        var map = new BulkColumn?[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var name = fields[i].Trim();
            map[i] = Column(name);
            if (map[i] is null)
            {
                errors.Add(new(1, name.Length == 0 ? "header" : Echo.Prefix(name), $"unknown column '{Echo.Prefix(name)}' for a {Name} file; the columns are {string.Join(", ", Columns.Select(c => c.Name))} (or their market item names)"));
            }
        }

        foreach (var twice in map.OfType<BulkColumn>().GroupBy(c => c).Where(g => g.Count() > 1))
        {
            errors.Add(new(1, twice.Key.Name, $"the column {twice.Key.Name} is named twice"));
        }

        foreach (var missing in Columns.Where(c => c.Required && !map.Contains(c)))
        {
            errors.Add(new(1, missing.Name, $"the column {missing.Name} ({missing.MarketName}) is required in a {Name} file"));
        }

        return (map, errors);
    }

    private static BulkRow<TRequest> ReadRow(int line, string[] fields, BulkColumn?[] map)
    {
        if (fields.Length != map.Length)
        {
            return new(line, null, null, [new FormatError(line, "line", string.Create(CultureInfo.InvariantCulture, $"{fields.Length} fields; the header has {map.Length}"))], []);
        }

        var faults = new List<FormatError>();
        var faulted = new List<string>();
        var json = new JsonObject();
        string? point = null;
        for (var i = 0; i < fields.Length; i++)
        {
            var column = map[i]!;
            if (ControlCharacters.Check(fields[i]) is { } why)
            {
                faults.Add(new FormatError(line, column.Name, why));
                faulted.Add(column.Property);
                continue;
            }

            var value = fields[i].Trim();
            if (column.Property == "supplyPointId")
            {
                point = value;
            }

            if (value.Length == 0)
            {
                continue;
            }

            if (Value(column, value) is { } node)
            {
                Set(json, column.Property, node);
            }
            else
            {
                faults.Add(new FormatError(line, column.Name, $"'{Echo.Prefix(value)}' is not {Expected(column.Value)}"));
                faulted.Add(column.Property);
            }
        }

        return new(line, point, json.Deserialize<TRequest>(Json), faults, faulted);
    }

    /// <summary>Sets a property of the request's JSON; a dotted path (<c>content.siteVisit.date</c>) reaches into its nested records.</summary>
    private static void Set(JsonObject json, string path, JsonNode node)
    {
        var target = json;
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        while (dot >= 0)
        {
            var name = path[..dot];
            if (target[name] is not JsonObject inner)
            {
                inner = [];
                target[name] = inner;
            }

            target = inner;
            path = path[(dot + 1)..];
            dot = path.IndexOf('.', StringComparison.Ordinal);
        }

        target[path] = node;
    }

    private static JsonValue? Value(BulkColumn column, string value) => column.Value switch
    {
        BulkValue.Date => DateText.TryParse(value, out var d) ? JsonValue.Create(DateText.Format(d)) : null,
        BulkValue.Number => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : null,
        BulkValue.Flag => value switch
        {
            "true" or "1" => JsonValue.Create(true),
            "false" or "0" => JsonValue.Create(false),
            _ => null,
        },
        _ => JsonValue.Create(value),
    };

    private static string Expected(BulkValue value) => value switch
    {
        BulkValue.Date => "a date YYYY-MM-DD",
        BulkValue.Number => "a whole number",
        BulkValue.Flag => "true or false (1 or 0)",
        _ => "text",
    };
}

/// <summary>A bulk file read: its rows in line order, or why the file as a whole is refused (then no rows).</summary>
public sealed record BulkParse<TRequest>(IReadOnlyList<BulkRow<TRequest>> Rows, IReadOnlyList<FormatError> FileErrors)
    where TRequest : class
{
    public bool Refused => FileErrors.Count > 0;
}

/// <summary>
/// One line of a bulk file: the supply point as written, the request (null when the line could not be read as a row
/// at all), the faults of form of its fields, and the request properties those faults left out.
/// </summary>
public sealed record BulkRow<TRequest>(int Line, string? SupplyPointId, TRequest? Request, IReadOnlyList<FormatError> Faults, IReadOnlyList<string> FaultedProperties)
    where TRequest : class;
