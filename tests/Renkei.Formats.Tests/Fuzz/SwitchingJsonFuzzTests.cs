using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Renkei.Formats.Api.Switching;

namespace Renkei.Formats.Tests.Fuzz;

/// <summary>
/// The switching routes' JSON request records on outside bytes, read with the web defaults the routes use: a
/// record, or <see cref="JsonException"/> with the line and position; nothing else thrown, memory bounded.
/// </summary>
public sealed class SwitchingJsonFuzzTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly (string Seed, Type Type)[] Requests =
    [
        ("""{"supplyPointId":"0300000000000000000001","switchDate":"2026-12-15","relayNumber":"R-1"}""", typeof(SwitchInRequest)),
        ("""{"supplyPointId":"0300000000000000000001","switchDate":"2026-12-15","customerNumber":"K-1"}""", typeof(SwitchOutRequest)),
        ("""{"supplyPointId":"0300000000000000000001","startDate":"2026-12-15"}""", typeof(MoveInRequest)),
        ("""{"supplyPointId":"0300000000000000000001","endDate":"2026-12-15","removeFacilities":true}""", typeof(MoveOutRequest)),
        ("""{"supplyPointId":"0300000000000000000001","amperes":40,"changeDate":"2026-12-15"}""", typeof(AmpereChangeRequest)),
        ("""{"supplyPointId":"0300000000000000000001","customerNumber":"K-1","name":"山田","nameKana":"ヤマダ","address":"東京","phone":"03"}""", typeof(CustomerDetailsRequest)),
        ("""{"decision":"ng","ngReasons":[1,2,3]}""", typeof(RelayDecisionRequest)),
        ("""{"reason":"書類不備"}""", typeof(ReturnRequest)),
        ("""{"upTo":9223372036854775807}""", typeof(AcknowledgeRequest)),
    ];

    [Property(MaxTest = Fuzz.Cases)]
    public Property SwitchingRequests_AnyBytes_RecordOrJsonErrorWithLine() =>
        Prop.ForAll(Fuzz.Inputs(Requests.Select(r => r.Seed), ["{", "}", "[", "]", ":", "null", "true", "\\u0000", "\\uD800", "1.5e400", "\"supplyPointId\":"]), input =>
        {
            foreach (var (_, type) in Requests)
            {
                var allocated = Fuzz.Allocated(() =>
                {
                    try
                    {
                        JsonSerializer.Deserialize(input.Bytes, type, Web);
                    }
                    catch (JsonException e)
                    {
                        Assert.True(e.LineNumber is not null || e.Path is not null, e.Message);
                    }
                });

                Fuzz.AssertBounded(allocated, input);
            }
        });
}
