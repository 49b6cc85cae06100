using Microsoft.Extensions.DependencyInjection;
using Renkei.Switching.Applications.Correction;
using Renkei.Switching.Applications.Deadlines;
using Renkei.Switching.Applications.HandOff;
using Renkei.Switching.Applications.IF_10210_UsageInformation;
using Renkei.Switching.Applications.IF_10310_UsageValues;
using Renkei.Switching.Applications.IF_10410_MoveIn;
using Renkei.Switching.Applications.IF_10510_MoveOut;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Applications.IF_10810_CustomerDetails;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Applications.IF_11110_Changes;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;
using Renkei.Switching.Applications.IS_20410_RelayDecision;
using Renkei.Switching.Applications.Matching;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Queries;
using Renkei.Switching.Applications.Withdrawal;
using Renkei.Switching.Tso.Hub;

namespace Renkei.Switching.Applications;

/// <summary>The hub's application processing: the shared pipeline and one handler per market process, all per request (scoped, on the request's store context).</summary>
internal static class ApplicationServices
{
    public static IServiceCollection AddSwitchingApplications(this IServiceCollection services)
    {
        services.AddScoped<ApplicationLedger>();
        services.AddScoped<ApplicationPipeline>();
        services.AddScoped<PointFactsReader>();
        services.AddScoped<TsoHandOff>();
        services.AddScoped<ITsoAnswers>(sp => sp.GetRequiredService<TsoHandOff>());
        services.AddScoped<SwitchMatching>();
        services.AddScoped<AmpereEffect>();
        services.AddScoped<MeterReplacements>();

        services.AddScoped<SwitchInWrite>();
        services.AddScoped<Bulk.BulkUploads>();
        services.AddScoped<SwitchInHandler>();
        services.AddScoped<SwitchOutHandler>();
        services.AddScoped<MoveInHandler>();
        services.AddScoped<MoveOutHandler>();
        services.AddScoped<CustomerDetailsHandler>();
        services.AddScoped<AmpereChangeHandler>();
        services.AddScoped<UsageInformationHandler>();
        services.AddScoped<TsoConsentPasswordHandler>();
        services.AddScoped<UsageValuesQuery>();
        services.AddScoped<AttachmentReads>();
        services.AddScoped<RelayRegistrationHandler>();
        services.AddScoped<RelayWithdrawalHandler>();
        services.AddScoped<RelayDecisionHandler>();
        services.AddScoped<CorrectionHandler>();
        services.AddScoped<WithdrawalHandler>();
        services.AddScoped<DeadlineHandler>();
        services.AddScoped<ApplicationQueries>();
        services.AddScoped<NotificationQueue>();
        return services;
    }
}
