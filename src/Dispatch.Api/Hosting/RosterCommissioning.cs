using Dispatch.Domain.Reference;
using Dispatch.Domain.Units;
using Marten;
using NodaTime;

namespace Dispatch.Api.Hosting;

/// <summary>
/// Starts a stream for every roster unit that has none yet, at its staging point. Units already in the
/// store keep their history; running twice, or on two nodes at once, commissions each unit once.
/// </summary>
public sealed class RosterCommissioning(IDocumentStore store, ReferenceData reference, IClock clock,
    ILogger<RosterCommissioning> logger) : IHostedService
{
    public const string Actor = "system:roster";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var known = (await session.Query<UnitState>().Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet();
        var commissioned = 0;
        foreach (var unit in reference.Units.Where(u => !known.Contains(u.Id)))
        {
            var home = reference.PlacesById[unit.HomePlaceId];
            var @event = new UnitCommissioned(unit.Id, unit.CallSign, unit.Kind, unit.Grid, unit.ResponsibleUnit,
                unit.HomePlaceId, home.Location, unit.Crew, Actor, clock.GetCurrentInstant());
            await using var write = store.LightweightSession();
            write.Events.StartStream<UnitState>(unit.Id, @event);
            try
            {
                await write.SaveChangesAsync(cancellationToken);
                commissioned++;
            }
            catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e))
            {
                // Another node commissioning it first is fine; anything else holding the id is a data conflict.
                await using var check = store.QuerySession();
                if (await check.LoadAsync<UnitState>(unit.Id, cancellationToken) is null)
                    throw new InvalidOperationException(
                        $"Roster unit {unit.CallSign} ({unit.Id}) cannot be commissioned: its id is used by another stream.", e);
            }
        }
        logger.LogInformation("Roster: {Commissioned} unit(s) commissioned, {Known} already known, reference data {DataVersion}",
            commissioned, known.Count, reference.DataVersion);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
