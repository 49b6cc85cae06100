using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Renkei.Formats.Api.Metering;

/// <summary>The retailer's market files on a date (<c>GET /api/v1/files?date=</c>).</summary>
public sealed record FileList(string Date, IReadOnlyList<FileListItem> Files);

/// <summary>
/// One file: name, kind (<c>W41110</c>…), voltage, date, slot (one-slot files), update and part numbers, when it
/// was created, and its size in bytes once it has been generated (null before its first download).
/// </summary>
public sealed record FileListItem(string Name, [Description("The market file kind: W41110… (30-minute values, low voltage), W401… (high voltage); docs/formats.md.")] string Kind, [AllowedValues("low", "high")] string Voltage, string Date, int? Slot, int Update, int Part, DateTimeOffset Created, long? Size);
