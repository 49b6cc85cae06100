namespace Renkei.Formats.Switching.Bulk;

/// <summary>The form of a bulk column's values, checked before the value reaches the request.</summary>
public enum BulkValue
{
    /// <summary>Text, trimmed; empty is none.</summary>
    Text,

    /// <summary><c>YYYY-MM-DD</c>.</summary>
    Date,

    /// <summary><c>true</c>/<c>false</c> (also <c>1</c>/<c>0</c>); empty is false.</summary>
    Flag,

    /// <summary>A whole number.</summary>
    Number,
}

/// <summary>
/// One column of a bulk file: its name, the market's item name (a header may use either), the request's JSON
/// property it fills, the form of its values, and whether the header must name it (what makes a file that kind's).
/// </summary>
public sealed record BulkColumn(string Name, string MarketName, string Property, BulkValue Value, bool Required = false);
