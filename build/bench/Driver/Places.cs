using System.Text.Json.Nodes;

namespace Bench;

/// <summary>The bundled data's named places (squares, schools, stations): where the benchmark's incidents happen.</summary>
public static class Places
{
    public static IReadOnlyList<(string Name, double Lat, double Lon)> Load(string geojsonFile)
    {
        var features = JsonNode.Parse(File.ReadAllText(geojsonFile))!["features"]!.AsArray();
        var places = features
            .Where(f => (string?)f!["geometry"]!["type"] == "Point")
            .Select(f => ((string)f!["properties"]!["name"]!, (double)f["geometry"]!["coordinates"]![1]!, (double)f["geometry"]!["coordinates"]![0]!))
            .ToList();
        return places.Count > 0 ? places : throw new InvalidOperationException($"no Point places in {geojsonFile}");
    }

    public static object Report((string Name, double Lat, double Lon) place, int n) => new
    {
        type = "disturbance",
        priority = 2,
        location = new { lat = place.Lat, lon = place.Lon, datum = "WGS-84" },
        address = place.Name,
        description = $"基准测试 {n}",
    };
}
