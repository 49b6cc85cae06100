using Renkei.Formats.Api.Metering;
using Renkei.Formats.Api.Operations;
using Renkei.Formats.Api.Switching;

namespace Renkei.Gateway.OpenApi;

/// <summary>
/// One example of each wire record a retailer sends or reads, written into the OpenAPI document with the record's
/// schema (serialized as the services serialize, so an example is valid by construction; the contract test also
/// validates every example against its schema).
/// </summary>
internal static class WireExamples
{
    private const string Point = "0310000000000000000002";
    private static readonly DateTimeOffset At = new(2026, 11, 9, 10, 15, 0, TimeSpan.FromHours(9));
    private static readonly DateOnly Day = new(2026, 12, 1);

    private static readonly RuleViolation Violation = new("SW010", "switchDate", "the switch date is before the earliest possible date", "スイッチング予定日が最短日より前です");

    private static readonly ApplicationView Application = new(
        "A202611090001", "IF_10610", Point, "R0002", "01", "received", Day, Day, new DateOnly(2026, 11, 20), null, null, null, "switch-out by the current retailer", At, At);

    private static readonly RelayView Relay = new(
        "T202611090001", "01", "awaiting_decision", [], Point, "K-123456", "山田 太郎", "ヤマダ　タロウ", "東京都千代田区1-1-1", Day, new DateOnly(2026, 11, 12),
        "R0002", "R2 support", "03-0000-0000", "R0001", At, At);

    private static readonly UsageGrant Grant = new("A202611090002", Point, new DateOnly(2025, 10, 1), new DateOnly(2026, 10, 31), Monthly: true, HalfHourly: true);

    private static readonly ApplicationContent MoveIn = new(
        Applicant: new Applicant("2", "R2 support", new PhoneParts("03", "1234", "5678")),
        SiteVisit: new SiteVisit(true, Day, "1", "山田 太郎", ContactBeforeVisit: true),
        MoveInTime: "1",
        ServiceMenu: "01",
        ContractDecisionMethod: "1",
        DesiredAmperes: 30,
        TariffConsent: true,
        ReadingDay: "1",
        Customer: new NewCustomer("山田 太郎", "ヤマダ　タロウ", "100-0005", "東京都千代田区1-1-1", "丸の内ビル", new PhoneParts("03", "1234", "5678")));

    private static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(SwitchInRequest)] = new SwitchInRequest(Point, Day, null, Envelope: new RequestEnvelope("05", "1")),
        [typeof(RequestEnvelope)] = new RequestEnvelope("05", "3", "A202611090001"),
        [typeof(SwitchOutRequest)] = new SwitchOutRequest(Point, Day, "C-0001"),
        [typeof(MoveInRequest)] = new MoveInRequest(Point, Day, MoveIn),
        [typeof(MoveOutRequest)] = new MoveOutRequest(Point, Day, RemoveFacilities: false, new ApplicationContent(MoveOutReason: "01")),
        [typeof(CustomerDetailsRequest)] = new CustomerDetailsRequest(Point, "C-0001", "山田 太郎", "ヤマダ　タロウ", "東京都千代田区1-1-1", "03-0000-0000", "100-0005", "丸の内ビル"),
        [typeof(ApplicationContent)] = MoveIn,
        [typeof(AmpereChangeRequest)] = new AmpereChangeRequest(Point, 40, Day),
        [typeof(UsageInformationRequest)] = new UsageInformationRequest(Point, "K7Q2-M9XA"),
        [typeof(ConsentPasswordRequest)] = new ConsentPasswordRequest("7d"),
        [typeof(TsoConsentPasswordRequest)] = new TsoConsentPasswordRequest("7d", "山田 太郎", "03-1234-5678"),
        [typeof(RelayRegistrationRequest)] = new RelayRegistrationRequest(Point, "K-123456", "山田 太郎", "ヤマダ　タロウ", "東京都千代田区1-1-1", Day, "R2 support", "03-0000-0000"),
        [typeof(RelayDecisionRequest)] = new RelayDecisionRequest("02", [4]),
        [typeof(AcknowledgeRequest)] = new AcknowledgeRequest(42),
        [typeof(ApplicationView)] = Application,
        [typeof(DryRunResult)] = new DryRunResult(false, new DateOnly(2026, 11, 14), null, [Violation]),
        [typeof(RuleViolation)] = Violation,
        [typeof(BatchError)] = new BatchError(3, "SW001", "supplyPointId", "supplyPointId must be 22 digits", "供給地点特定番号は22桁です"),
        [typeof(AuditView)] = new AuditView(At, "R0002", "submitted", null, "01", null),
        [typeof(RelayView)] = Relay,
        [typeof(UsageGrant)] = Grant,
        [typeof(UsageInformationView)] = new UsageInformationView(Grant, [new UsageMonth("2026-10", 312.5m, 31, 0)], null),
        [typeof(ConsentPasswordIssued)] = new ConsentPasswordIssued(Point, "K7Q2-M9XA", At.AddDays(7)),
        [typeof(EventPage)] = new EventPage([new EventView(42, "application.status", "application", "A202611090001", Point, "05", "matched", At)], 42),
        [typeof(SearchHit)] = new SearchHit(Point, "東京都千代田区1-1-1"),
        [typeof(FacilityView)] = new FacilityView(Point, "low", "従量電灯B", 30, null, "smart", true, new DateOnly(2026, 11, 14), "done", null, null, null),
        [typeof(ValueExplanation)] = new ValueExplanation(
            Point,
            "2026-11-09",
            20,
            "import",
            Published: true,
            0.4125m,
            "estimated",
            1034,
            ReadsHeld: true,
            [
                new MeterExplanation(
                    "M000123",
                    1,
                    "estimated",
                    0.4125m,
                    0.4125m,
                    "estimated",
                    [
                        new BoundingRead("before", new DateTimeOffset(2026, 11, 9, 9, 0, 0, TimeSpan.FromHours(9)), 18234.1250m, "read", At.AddMinutes(40)),
                        new BoundingRead("after", new DateTimeOffset(2026, 11, 9, 10, 30, 0, TimeSpan.FromHours(9)), 18235.3625m, "read", At.AddMinutes(40)),
                    ],
                    new EstimationBasis("equal-shares", 3, 2, 1.2375m, false),
                    null),
            ],
            [
                new ValueVersion(1021, At, "published", null, null, "missing"),
                new ValueVersion(1034, At.AddMinutes(40), "late-read", "M000123", 0.4125m, "estimated"),
            ]),
        [typeof(IntervalsResponse)] = new IntervalsResponse(Point, "2026-11-09", "import", [new SlotValue(1, 0.4125m, "actual", 1021), new SlotValue(2, null, "missing", 0)]),
        [typeof(NodeAlerts)] = new NodeAlerts("metering", At, [new NodeAlert(NodeAlertCodes.DiskLow, NodeAlertCodes.Warning, "/srv/renkei/metering", "1.6 GiB free; warning below 2 GiB, not ready below 1 GiB", false)]),
        [typeof(FileList)] = new FileList("2026-11-09", [new FileListItem("W41110202611090000010001.zip", "W41110", "low", "2026-11-09", null, 1, 1, At, 18234)]),
        [typeof(MeteringStatus)] = new MeteringStatus(3000, 4_320_000, "2026-11-09 slot 21", "2026-11-09T10:15:00+09:00"),
        [typeof(OperatorActivity)] = new OperatorActivity([new MinuteCount(At, 1500)], 2, "2026-11-09 slot 19", "2026-11-09 slot 20", 3000, 1, [new SilentMeter("M000123", Point)]),
        [typeof(WebhookRequest)] = new WebhookRequest("https://retailer.example/renkei/hooks"),
        [typeof(WebhookCreated)] = new WebhookCreated("wh_5f2c", "https://retailer.example/renkei/hooks", "whsec_3q2+7w…", At),
        [typeof(WebhookList)] = new WebhookList([new WebhookSummary("wh_5f2c", "https://retailer.example/renkei/hooks", At, 0, 1)]),
        [typeof(DeliveryList)] = new DeliveryList("wh_5f2c", [new DeliveryView(7, "n_2026110920_1021", "slot.published", "2026-11-09", 20, "delivered", At, null, [new AttemptView(At, 204, null)])]),
    };

    public static object? Of(Type type) => Examples.GetValueOrDefault(type);
}
