using System.Text.Json;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Geo;
using Marten;
using NodaTime;

namespace Dispatch.Api.Elderly;

/// <summary>The shelters (避难场所) of the county's data folder, <c>shelters.json</c>; none when the folder has no such file.</summary>
public sealed record ShelterCatalog(IReadOnlyList<ShelterSite> Sites)
{
    public const string FileName = "shelters.json";

    private sealed record FileLocation(double Lat, double Lon);
    private sealed record FileShelter(Guid Id, string Code, string Name, string Address, FileLocation Location, int Capacity, bool Modeled);
    private sealed record ShelterFile(string Datum, IReadOnlyList<FileShelter> Shelters);

    public static ShelterCatalog Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return new ShelterCatalog([]);
        var file = JsonSerializer.Deserialize<ShelterFile>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                   ?? throw new InvalidDataException($"{FileName} is empty.");
        if (file.Datum != GeoPoint.Wgs84) throw new InvalidDataException($"{FileName}: datum must be {GeoPoint.Wgs84}.");
        var problems = file.Shelters.Where(s => s.Capacity <= 0 || !GeoPoint.IsValid(s.Location.Lat, s.Location.Lon) || s.Id == Guid.Empty)
            .Select(s => $"shelter {s.Code}: needs an id, a positive capacity and a valid location")
            .Concat(file.Shelters.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => $"shelter id {g.Key} repeats")).ToList();
        if (problems.Count > 0) throw new InvalidDataException($"{FileName} is inconsistent: {string.Join("; ", problems)}");
        return new ShelterCatalog([.. file.Shelters.Select(s => new ShelterSite(s.Id, s.Code, s.Name, s.Address,
            new GeoPoint(s.Location.Lat, s.Location.Lon), s.Capacity, s.Modeled))]);
    }
}

/// <summary>
/// Starts a stream for every shelter of the data file that has none yet (closed until someone opens it). Shelters already in
/// the store keep their history; running twice, or on two nodes at once, commissions each once.
/// </summary>
public sealed class ShelterCommissioning(IDocumentStore store, ShelterCatalog catalog, IClock clock, ILogger<ShelterCommissioning> logger)
    : IHostedService
{
    public const string Actor = "system:shelters";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var known = (await session.Query<ShelterState>().Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
        var commissioned = 0;
        foreach (var site in catalog.Sites.Where(s => !known.Contains(s.Id)))
        {
            await using var write = store.LightweightSession();
            write.Events.StartStream<ShelterState>(site.Id, new ShelterCommissioned(site.Id, site, Actor, clock.GetCurrentInstant()));
            try
            {
                await write.SaveChangesAsync(cancellationToken);
                commissioned++;
            }
            catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e))
            {
                await using var check = store.QuerySession();
                if (await check.LoadAsync<ShelterState>(site.Id, cancellationToken) is null)
                    throw new InvalidOperationException($"Shelter {site.Code} ({site.Id}) cannot be commissioned: its id is used by another stream.", e);
            }
        }
        logger.LogInformation("Shelters: {Commissioned} commissioned, {Known} already known", commissioned, known.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class ElderlyCareSetup
{
    public static void AddElderlyCare(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(_ => ShelterCatalog.Load(ReferenceDataFiles.ResolveDirectory(builder.Configuration)));
        builder.Services.AddHostedService<ShelterCommissioning>();
    }
}
