using Dispatch.Api.Hosting;
using Dispatch.Domain.Materials;
using Dispatch.Domain.Reference;

namespace Dispatch.Api.Materials;

/// <summary>Reads the county's <c>depots.json</c> beside its other data; a folder without one has no depots.</summary>
public static class MaterialsFiles
{
    public static MaterialsCatalog Load(IConfiguration config, ReferenceData reference)
    {
        var path = Path.Combine(ReferenceDataFiles.ResolveDirectory(config), MaterialsCatalog.FileName);
        if (!File.Exists(path)) return MaterialsCatalog.Empty;
        var catalog = MaterialsCatalog.Read(File.ReadAllText(path));
        // A depot off the network would have no honest road time: refuse the file, as for places.
        var offRoad = catalog.Depots.Select(d => (d.Name, Check: reference.ServiceAreaCheck(d.Location))).Where(d => !d.Check.Served).ToList();
        if (offRoad.Count > 0)
            throw new InvalidDataException($"{MaterialsCatalog.FileName}: depots farther than {reference.Manifest.MaxOffRoadMetres} m from every road: " +
                                           string.Join(", ", offRoad.Select(d => $"{d.Name} ({d.Check.OffRoadMetres:F0} m)")));
        return catalog;
    }
}
