using System.Xml;
using System.Xml.Schema;

namespace Renkei.Formats.Market;

/// <summary>
/// The XML Schema of the market's files (<c>market.xsd</c>, embedded in this assembly), written from the public item
/// list, and a validator against it: what a retailer's importer can check a file with before reading it.
/// </summary>
public static class MarketXmlSchema
{
    private const string ResourceName = "Renkei.Formats.Market.market.xsd";

    private static readonly Lazy<XmlSchemaSet> Compiled = new(Load);

    /// <summary>The schema, compiled once; read-only (do not add to it).</summary>
    public static XmlSchemaSet Schemas => Compiled.Value;

    /// <summary>The schema's text, as embedded.</summary>
    public static Stream OpenText() =>
        typeof(MarketXmlSchema).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing");

    /// <summary>
    /// Validates one document read from <paramref name="document"/> (its encoding from its XML declaration). Answers
    /// every schema error with its line and position, and a document that is not well-formed XML as one error where
    /// reading stopped; an empty list means valid.
    /// </summary>
    public static IReadOnlyList<MarketXmlError> Validate(Stream document)
    {
        ArgumentNullException.ThrowIfNull(document);
        MarketEncoding.RegisterCodePages();
        var errors = new List<MarketXmlError>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = Schemas,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add(new MarketXmlError(e.Exception.LineNumber, e.Exception.LinePosition, e.Message));
        using var reader = XmlReader.Create(document, settings);
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (XmlException e)
        {
            errors.Add(new MarketXmlError(e.LineNumber, e.LinePosition, e.Message));
        }

        return errors;
    }

    private static XmlSchemaSet Load()
    {
        using var text = OpenText();
        using var reader = XmlReader.Create(text, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(null, reader);
        set.Compile();
        return set;
    }
}

/// <summary>A schema error in a market XML document: where (1-based line and position) and what.</summary>
public sealed record MarketXmlError(int Line, int Position, string Message)
{
    public override string ToString() => $"line {Line}, position {Position}: {Message}";
}
