using Dispatch.Api.Hosting;
using Dispatch.Domain.Materials;
using Marten;
using NodaTime;

namespace Dispatch.Api.Materials;

/// <summary>
/// Starts a stream for every depot of the data file that has none yet, with its initial stock as a receipt. Depots already
/// in the store keep their history and stock; running twice, or on two nodes at once, commissions each depot once.
/// </summary>
public sealed class DepotCommissioning(IDocumentStore store, MaterialsCatalog catalog, IClock clock, ILogger<DepotCommissioning> logger)
    : IHostedService
{
    public const string Actor = "system:depots";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var known = (await session.Query<DepotState>().Select(d => d.Id).ToListAsync(cancellationToken)).ToHashSet();
        var commissioned = 0;
        foreach (var depot in catalog.Depots.Where(d => !known.Contains(d.Id)))
        {
            var now = clock.GetCurrentInstant();
            await using var write = store.LightweightSession();
            write.Events.StartStream<DepotState>(depot.Id,
                new DepotCommissioned(depot.Id, depot.Name, depot.Location, Actor, now),
                new MaterialsReceived(depot.Id, depot.Stock, $"initial stock from {MaterialsCatalog.FileName}", Actor, now));
            try
            {
                await write.SaveChangesAsync(cancellationToken);
                commissioned++;
            }
            catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e))
            {
                await using var check = store.QuerySession();
                if (await check.LoadAsync<DepotState>(depot.Id, cancellationToken) is null)
                    throw new InvalidOperationException($"Depot {depot.Name} ({depot.Id}) cannot be commissioned: its id is used by another stream.", e);
            }
        }
        logger.LogInformation("Depots: {Commissioned} commissioned, {Known} already known", commissioned, known.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
