using Dispatch.Domain.Materials;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dispatch.Domain.Plans;

public sealed record DepartmentName(string Code, string Name);

/// <summary>
/// plans.json: the county's departments with their names, and the plans commissioned on first start for each incident type
/// that has none yet. The bundled Wuyang plans are modeled samples; the bureau publishes and revises its own through the API.
/// </summary>
public sealed record SamplePlans(IReadOnlyList<DepartmentName> Departments, IReadOnlyList<(string Code, PlanContent Content)> Plans)
{
    public const string FileName = "plans.json";
    public static readonly SamplePlans None = new([], []);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private sealed record PlanRow(string Code, bool Modeled, string Title, List<string> Steps, List<DepartmentDuty> Departments, PlanMaterials Materials);
    private sealed record PlanFile(bool Modeled, string Notice, List<DepartmentName> Departments, List<PlanRow> Plans);

    public string? NameOf(string department) => Departments.FirstOrDefault(d => d.Code == department)?.Name;

    public static SamplePlans Read(string text)
    {
        PlanFile file;
        try
        {
            file = JsonSerializer.Deserialize<PlanFile>(text, Json) ?? throw new InvalidDataException($"{FileName} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{FileName}: {e.Message}", e);
        }
        if (file.Departments.FirstOrDefault(d => !DepartmentCodes.IsValid(d.Code)) is { } bad)
            throw new InvalidDataException($"{FileName}: '{bad.Code}' is not a department code.");
        var plans = new List<(string, PlanContent)>();
        foreach (var row in file.Plans)
        {
            var content = new PlanContent(row.Title, row.Steps, row.Departments, row.Materials, row.Modeled);
            if (content.Check() is { } invalid) throw new InvalidDataException($"{FileName}, plan '{row.Code}': {invalid.Detail}");
            if (row.Steps.Count == 0 || row.Departments.Any(d => d.Steps.Count == 0))
                throw new InvalidDataException($"{FileName}, plan '{row.Code}': every plan and department needs steps.");
            plans.Add((row.Code, content));
        }
        if (plans.GroupBy(p => p.Item1).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidDataException($"{FileName}: two plans for '{twice.Key}'.");
        return new SamplePlans(file.Departments, plans);
    }
}
