using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.Content;

/// <summary>Stores and reads an application's market items (<see cref="ApplicationContentRecord"/>).</summary>
internal static class ApplicationContents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Adds <paramref name="content"/> of the stored application <paramref name="applicationId"/> to the context (saved with its next save); nothing when null.</summary>
    public static void Add(SwitchingDbContext db, long applicationId, ApplicationContent? content)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (content is not null)
        {
            db.ApplicationContents.Add(new ApplicationContentRecord { ApplicationId = applicationId, Json = JsonSerializer.Serialize(content, Json) });
        }
    }

    /// <summary>The content of application <paramref name="applicationId"/>, or null.</summary>
    public static async Task<ApplicationContent?> FindAsync(SwitchingDbContext db, long applicationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var json = await db.ApplicationContents.AsNoTracking().Where(c => c.ApplicationId == applicationId).Select(c => c.Json).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<ApplicationContent>(json, Json);
    }
}
