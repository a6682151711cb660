using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Marten;
using NodaTime;
using Wolverine;

namespace Dispatch.Api.Patrol;

/// <summary>
/// On first start the county is put at the normal level, which begins the visit schedule; on every start
/// the patrol sweep is nudged, so intervals that fell due while no node ran are judged and the chain resumes.
/// </summary>
public sealed class DutyCommissioning(IDocumentStore store, IClock clock, IHostApplicationLifetime lifetime, IServiceProvider services,
    ILogger<DutyCommissioning> logger) : IHostedService
{
    public const string Actor = "system:duty";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        if (await session.Events.FetchStreamStateAsync(CountyDutyState.StreamId, cancellationToken) is null)
        {
            var now = clock.GetCurrentInstant();
            session.Events.StartStream<CountyDutyState>(CountyDutyState.StreamId,
                new DutyLevelChanged(DutyLevel.Normal, now, Actor, "initial level: normal (常态); the visit schedule starts here", Actor, now));
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Duty: county commissioned at the normal level from {Now}", now);
            }
            catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e))
            {
                // Another node started it first.
            }
        }
        lifetime.ApplicationStarted.Register(() => _ = NudgeAsync());
    }

    private async Task NudgeAsync()
    {
        try
        {
            await services.GetRequiredService<IMessageBus>().PublishAsync(new SweepPatrolIntervals(null));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Duty: could not start the patrol sweep");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
