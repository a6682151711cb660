using Dispatch.Api.Elderly;
using Dispatch.Api.Access;
using Dispatch.Api.Coverage;
using Dispatch.Api.Feed;
using Dispatch.Api.Analytics;
using Dispatch.Api.Incidents;
using Dispatch.Api.Patrol;
using Dispatch.Api.RollCalls;
using Dispatch.Api.Webhooks;
using Dispatch.Domain.Reference;
using JasperFx.Core;
using Dispatch.Projections;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Marten;
using NodaTime;
using Serilog;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Http;
using Wolverine.Marten;

namespace Dispatch.Api.Hosting;

/// <summary>Builds the API host. Tests call this too, with their own configuration and clock.</summary>
public static class DispatchApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        customize?.Invoke(builder);
        var config = builder.Configuration;

        builder.Host.UseSerilog((context, logger) => logger
            .ReadFrom.Configuration(context.Configuration)
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Wolverine", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Marten", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("JasperFx", Serilog.Events.LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate:
                "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}"));

        var connectionString = config.GetConnectionString("Wuyang")
                               ?? Environment.GetEnvironmentVariable("WUYANG_CONNECTION_STRING")
                               ?? "Host=127.0.0.1;Port=5433;Database=wuyang;Username=wuyang;Password=wuyang";
        var schema = config["Dispatch:Schema"] ?? "wuyang";

        builder.Services.AddSingleton(_ => ReferenceDataFiles.Load(ReferenceDataFiles.ResolveDirectory(config)));
        builder.Services.AddSingleton(_ => Plans.PlanCommissioning.Load(config));
        builder.Services.AddSingleton(sp => Materials.MaterialsFiles.Load(config, sp.GetRequiredService<ReferenceData>()));
        builder.Services.TryAddClock();
        builder.Services.AddSingleton<DispatchSignals>();
        builder.Services.AddSingleton(new DispatchSettings(
            TimeSpan.FromMilliseconds(config.GetValue("Dispatch:ResponseWaitMilliseconds", 3000))));

        builder.Services.AddSingleton<Feed.FeedMapper>();
        builder.Services.AddSingleton<Feed.FeedReader>();
        builder.Services.AddSingleton(new Feed.FeedSettings(
            TimeSpan.FromMilliseconds(config.GetValue("Feed:PollMilliseconds", 100)),
            TimeSpan.FromSeconds(config.GetValue("Feed:HeartbeatSeconds", 15))));

        var webhooks = WebhookSettings.From(config);
        var marten = builder.Services.AddMarten(opts =>
            {
                opts.ConfigureDispatchStore(connectionString, schema);
                // The feed reads up to the daemon's high-water mark; NOTIFY on append wakes the daemon to move it at
                // once instead of at its next poll (measured in the README, "The integrators' feed").
                opts.Events.Subscribe(new Feed.FeedHighWaterSubscription());
                opts.Events.UseListenNotifyForEventAppends = config.GetValue("Feed:ListenNotify", false);
                // Without NOTIFY the daemon looks for new events on this period (Marten's defaults: 250 ms busy, 1 s idle).
                var daemonPoll = TimeSpan.FromMilliseconds(config.GetValue("Feed:DaemonPollMilliseconds", 100));
                opts.Projections.FastPollingTime = daemonPoll;
                opts.Projections.SlowPollingTime = daemonPoll;
                opts.Schema.For<PatrolSweepState>().UseOptimisticConcurrency(true);
                opts.Schema.For<Units.CrewChangeLock>().UseOptimisticConcurrency(true);
                opts.RegisterDocumentType<CheckInReceipt>();
                opts.AddWebhookDocuments();
            })
            .IntegrateWithWolverine(x => x.MessageStorageSchemaName = schema)
            // Asynchronous projections (the read side) run in one process at a time across the cluster
            // (HotCold, by advisory lock); a single process, as in the tests, may run them Solo.
            .AddAsyncDaemon(Enum.Parse<DaemonMode>(config["Dispatch:ProjectionDaemon"] ?? nameof(DaemonMode.HotCold), ignoreCase: true));
        marten.AddWebhooks(webhooks);
        // The integration feed on RabbitMQ, only where a broker is configured.
        if (FeedBroker.IsConfigured(config)) marten.AddFeedBroker();
        builder.Services.AddHostedService<RosterCommissioning>();
        builder.Services.AddHostedService<DutyCommissioning>();
        builder.Services.AddHostedService<Plans.PlanCommissioning>();
        builder.Services.AddHostedService<Materials.DepotCommissioning>();
        builder.AddElderlyCare();

        builder.Host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(DispatchApp).Assembly;
            opts.UseSystemTextJsonForSerialization(o => DispatchJson.Configure(o));
            // Balanced: any number of API processes share one database, and a stopped node's stored
            // messages are recovered by the others. Solo suits a single process and starts a little faster.
            opts.Durability.Mode = Enum.Parse<DurabilityMode>(config["Dispatch:Durability"] ?? nameof(DurabilityMode.Balanced), ignoreCase: true);

            // Dispatch commands are stored with the report (outbox) and survive a crash (durable inbox).
            opts.PublishMessage<DispatchIncident>().ToLocalQueue("dispatch").UseDurableInbox();
            // The pending queue is worked one message at a time, so priorities are honoured in order.
            opts.PublishMessage<UnitAvailable>().ToLocalQueue("waiting");
            opts.LocalQueue("waiting").Sequential().UseDurableInbox();
            // Missed-visit sweeps, scheduled durably for each interval's due time, one at a time.
            opts.PublishMessage<SweepPatrolIntervals>().ToLocalQueue("patrol");
            opts.LocalQueue("patrol").Sequential().UseDurableInbox();
            opts.PublishMessage<CloseRollCall>().ToLocalQueue("patrol");
            opts.PublishMessage<RecordLinePasses>().ToLocalQueue("patrol");
            if (FeedBroker.IsConfigured(config)) opts.AddFeedBroker(config);
            opts.AddWebhookQueue(webhooks);
            // A call is never dropped: retry quickly, then keep retrying for an hour before giving up loudly.
            opts.OnException<Exception>()
                .RetryWithCooldown(50.Milliseconds(), 250.Milliseconds(), 1.Seconds())
                .Then.ScheduleRetry(5.Seconds(), 15.Seconds(), 30.Seconds(), 1.Minutes(), 2.Minutes(), 5.Minutes(),
                    10.Minutes(), 15.Minutes(), 30.Minutes());
            // Handlers and endpoints run from code generated by build/codegen.sh and committed;
            // a missing type fails start-up instead of silently dropping a handler.
            opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
            opts.Services.CritterStackDefaults(x =>
            {
                x.Production.GeneratedCodeMode = TypeLoadMode.Static;
                x.Development.GeneratedCodeMode = TypeLoadMode.Static;
                x.Production.AssertAllPreGeneratedTypesExist = true;
                x.Development.AssertAllPreGeneratedTypesExist = true;
            });
        });

        builder.Services.AddWolverineHttp();
        builder.Services.ConfigureSystemTextJsonForWolverineOrMinimalApi(o => DispatchJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi(o =>
        {
            o.AddAccessSchemes();
            o.AddCoverageExample();
            Audit.AuditDocumentation.AddAuditExamples(o);
            o.AddResponseTimesExample();
            o.AddWebhookExamples();
            Feed.FeedDocumentation.AddFeedDocumentation(o);
        });
        builder.AddAccess();

        var app = builder.Build();
        // Outermost, so the request log shows the status the client got (409, not the exception's 500).
        app.UseSerilogRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAccess();
        app.MapOpenApi().RequireAuthorization(Policies.AnyRole);
        app.MapWolverineEndpoints(o =>
        {
            o.DocumentAccessAnswers();
            // '?limit=abc' is a 400 problem naming the parameter, not a silent default.
            o.RejectUnparseableQueryValues = true;
        });
        return app;
    }

    private static void TryAddClock(this IServiceCollection services)
    {
        if (services.All(s => s.ServiceType != typeof(IClock)))
            services.AddSingleton<IClock>(SystemClock.Instance);
    }
}
