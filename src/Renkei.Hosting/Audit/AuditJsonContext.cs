using System.Text.Json;
using System.Text.Json.Serialization;

namespace Renkei.Hosting.Audit;

/// <summary>
/// The audit entry's JSON, generated at build time: the writer serialises one entry per request, and the generated
/// fast path writes the properties straight to the writer where the reflection-based converter walked its metadata
/// (about a third of the writer thread's CPU). Same options as the reader's (web defaults: camelCase), so the lines
/// are unchanged.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
