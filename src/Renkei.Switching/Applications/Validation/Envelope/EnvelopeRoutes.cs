using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.Validation.Envelope;

/// <summary>The application kind of each route's request record, for the envelope's 申込種別.</summary>
internal static class EnvelopeRoutes
{
    public static string KindOf(Type request) => request.Name switch
    {
        nameof(SwitchInRequest) => ApplicationKinds.SwitchIn,
        nameof(SwitchOutRequest) => ApplicationKinds.SwitchOut,
        nameof(MoveInRequest) => ApplicationKinds.MoveIn,
        nameof(MoveOutRequest) => ApplicationKinds.MoveOut,
        nameof(CustomerDetailsRequest) => ApplicationKinds.CustomerDetails,
        nameof(AmpereChangeRequest) => ApplicationKinds.AmpereChange,
        nameof(UsageInformationRequest) => ApplicationKinds.UsageInformation,
        _ => throw new ArgumentException($"{request.Name} is not an application route's request", nameof(request)),
    };
}
