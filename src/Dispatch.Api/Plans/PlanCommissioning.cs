using Dispatch.Api.Hosting;
using Dispatch.Domain.Plans;
using Marten;
using NodaTime;

namespace Dispatch.Api.Plans;

/// <summary>
/// Publishes the sample plan of every incident type in plans.json that has no plan yet. Plans already in the store keep
/// their versions; running twice, or on two nodes at once, publishes each once.
/// </summary>
public sealed class PlanCommissioning(IDocumentStore store, SamplePlans samples, IClock clock, ILogger<PlanCommissioning> logger)
    : IHostedService
{
    public const string Actor = "system:plans";

    public static SamplePlans Load(IConfiguration config)
    {
        var path = Path.Combine(ReferenceDataFiles.ResolveDirectory(config), SamplePlans.FileName);
        return File.Exists(path) ? SamplePlans.Read(File.ReadAllText(path)) : SamplePlans.None;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var published = 0;
        foreach (var (code, content) in samples.Plans)
        {
            var id = EmergencyPlanState.StreamIdFor(code);
            await using var session = store.LightweightSession();
            if (await session.LoadAsync<EmergencyPlanState>(id, cancellationToken) is not null) continue;
            session.Events.StartStream<EmergencyPlanState>(id,
                EmergencyPlanDecider.Publish(null, code, content, Actor, clock.GetCurrentInstant()).Events.ToArray());
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                published++;
            }
            catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e))
            {
                // Another node published it first.
            }
        }
        logger.LogInformation("Emergency plans: {Published} sample plan(s) published, {Samples} in {File}", published, samples.Plans.Count,
            SamplePlans.FileName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
