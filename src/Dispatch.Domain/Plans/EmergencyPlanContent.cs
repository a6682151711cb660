using Dispatch.Domain.Materials;
using System.Text.RegularExpressions;

namespace Dispatch.Domain.Plans;

/// <summary>The scales an incident is classified at; each plan version lists its materials per scale.</summary>
public static class PlanScales
{
    public const string Small = "small";
    public const string Large = "large";
    public const string Major = "major";
    public static readonly IReadOnlyList<string> All = [Small, Large, Major];
}

/// <summary>What led to a revision: a drill, a real incident, or a changed rule (law, standard, organisation).</summary>
public static class PlanTriggers
{
    public const string Drill = "drill";
    public const string Incident = "incident";
    public const string RuleChange = "rule-change";
    public static readonly IReadOnlyList<string> All = [Drill, Incident, RuleChange];
}

/// <summary>Where feedback on a plan comes from.</summary>
public static class FeedbackSources
{
    public const string Drill = "drill";
    public const string Incident = "incident";
    public static readonly IReadOnlyList<string> All = [Drill, Incident];
}

/// <summary>The material item codes plans and depots share.</summary>
public static class MaterialItems
{
    public static readonly IReadOnlyList<string> All =
    [
        "fire-extinguisher", "traffic-cone", "sandbag", "life-jacket", "first-aid-kit", "cotton-quilt", "drinking-water",
        "instant-noodles", "tent", "flashlight", "cordon-tape", "loudspeaker",
    ];
}

/// <summary>
/// The departments a plan involves: the county's fire brigade, health, civil affairs and traffic, and each township
/// government as <c>township-&lt;name&gt;</c> (township-wuquan for 舞泉镇).
/// </summary>
public static partial class DepartmentCodes
{
    public const string Fire = "fire";
    public const string Health = "health";
    public const string CivilAffairs = "civil-affairs";
    public const string Traffic = "traffic";
    public static readonly IReadOnlyList<string> County = [Fire, Health, CivilAffairs, Traffic];

    [GeneratedRegex("^township-[a-z][a-z0-9]{1,30}$")]
    private static partial Regex TownshipPattern();

    public static bool IsValid(string? code) => code is not null && (County.Contains(code) || TownshipPattern().IsMatch(code));
}

/// <summary>What a plan version provides for each scale.</summary>
public sealed record PlanMaterials(IReadOnlyList<MaterialLine> Small, IReadOnlyList<MaterialLine> Large, IReadOnlyList<MaterialLine> Major)
{
    /// <summary>The requirement lines for an incident classified at <paramref name="scale"/> (small, large, major).</summary>
    public IReadOnlyList<MaterialLine> For(string scale) => scale switch
    {
        PlanScales.Small => Small,
        PlanScales.Large => Large,
        PlanScales.Major => Major,
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "not a plan scale"),
    };
}

/// <summary>One department's part in a plan: the steps its task lists.</summary>
public sealed record DepartmentDuty(string Department, IReadOnlyList<string> Steps);

/// <summary>
/// One version's content: the title, the command centre's steps, the departments involved with their steps, and the
/// materials by scale. <see cref="Modeled"/>: sample content made up for the modeled county, not the bureau's own plan.
/// </summary>
public sealed record PlanContent(string Title, IReadOnlyList<string> Steps, IReadOnlyList<DepartmentDuty> Departments,
    PlanMaterials Materials, bool Modeled = false)
{
    public bool SameAs(PlanContent other) =>
        Title == other.Title && Steps.SequenceEqual(other.Steps)
        && Departments.Count == other.Departments.Count
        && Departments.Zip(other.Departments).All(p => p.First.Department == p.Second.Department && p.First.Steps.SequenceEqual(p.Second.Steps))
        && PlanScales.All.All(s => Materials.For(s).SequenceEqual(other.Materials.For(s)));

    /// <summary>Codes the county does not know: a rule violation (422), since the shape of the request was fine.</summary>
    public Rejection? Check()
    {
        if (Departments.FirstOrDefault(d => !DepartmentCodes.IsValid(d.Department)) is { } unknown)
            return new Rejection(RejectionKind.RuleViolation, "unknown-department",
                $"'{unknown.Department}' is not a department: one of {string.Join(", ", DepartmentCodes.County)} or township-<name>.");
        if (Departments.GroupBy(d => d.Department).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return new Rejection(RejectionKind.RuleViolation, "department-twice", $"Department '{twice.Key}' is listed twice.");
        foreach (var scale in PlanScales.All)
        {
            var lines = Materials.For(scale);
            if (lines.FirstOrDefault(l => !MaterialItems.All.Contains(l.Item)) is { } item)
                return new Rejection(RejectionKind.RuleViolation, "unknown-item",
                    $"materials.{scale}: '{item.Item}' is not a material item: one of {string.Join(", ", MaterialItems.All)}.");
            if (lines.GroupBy(l => l.Item).FirstOrDefault(g => g.Count() > 1) is { } repeated)
                return new Rejection(RejectionKind.RuleViolation, "item-twice", $"materials.{scale}: '{repeated.Key}' is listed twice.");
        }
        return null;
    }
}
