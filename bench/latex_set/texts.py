"""Text for the LaTeX evaluation set that is not arXiv metadata: abstracts, body paragraphs,
people and places, all written for this set (any likeness to real work is chance)."""

from __future__ import annotations

# Abstracts written for the set, for layouts that need more papers than the arXiv fixtures
# hold. Plain text as printed; LaTeX markup is added by build.py (escaping only).
OWN_ABSTRACTS: dict[str, tuple[str, str]] = {
    "own-tides": (
        "Estimating Coastal Tide Gauges from Sparse Satellite Altimetry",
        "Tide gauges record sea level at a few hundred harbours, while satellite altimeters "
        "sample the open ocean along tracks that pass each point only once every ten days. "
        "We combine the two sources in a state-space model whose latent process follows the "
        "harmonic constituents of the tide and a slowly varying mean level. The model is fitted "
        "by an expectation-maximisation procedure that handles missing passes without "
        "interpolation. On 212 gauges held out from fitting, the reconstructed hourly series "
        "have a median error of 4.1 cm, less than half that of the nearest-track baseline, and "
        "the error grows slowly with the distance from the coast. We release the fitted "
        "constituents for every gauge together with the code that produced them.",
    ),
    "own-compilers": (
        "Incremental Type Checking for Large Monorepos",
        "Type checking a repository with millions of lines of code after every edit is too "
        "slow for interactive use, yet most edits change the types of only a handful of "
        "declarations. We present an incremental checker that records, for each declaration, "
        "the exact set of facts its check consulted, and re-checks a declaration only when one "
        "of those facts changes. Fine-grained dependency tracking of this kind is usually "
        "expensive to store; we show that a compact encoding based on interned signatures keeps "
        "the overhead below eight percent of the checker's memory. In a study of 40,000 "
        "commits from three industrial code bases, the median re-check after an edit took 0.3 "
        "seconds instead of 41 seconds, and no commit produced a result different from a full "
        "check. We discuss which language features defeat fine-grained tracking and how a "
        "checker can fall back gracefully when it meets them.",
    ),
    "own-bees": (
        "Foraging Range of Urban Bumblebee Colonies Measured with Harmonic Radar",
        "Cities are often described as refuges for pollinators, but little is known about how "
        "far urban bumblebees fly to collect food. We tracked 164 workers from 12 colonies "
        "placed in parks, gardens and industrial land with a harmonic radar, and recorded every "
        "outward flight over two summers. Workers from colonies in gardens foraged closest to "
        "home, with a median range of 260 m, while those in industrial land travelled more "
        "than twice as far and returned with smaller pollen loads. Flight distance rose with "
        "the share of sealed surface around the colony and fell with the density of flowering "
        "street trees. Our results suggest that small patches of flowers spread through the "
        "built environment do more for urban colonies than a few large parks.",
    ),
    "own-graphs": (
        "Counting Short Cycles in Sparse Random Graphs with Prescribed Degrees",
        "We study the number of cycles of fixed length in a random graph drawn uniformly from "
        "all simple graphs with a given degree sequence. Under a condition on the second moment "
        "of the degrees that allows heavy tails, we prove that the joint distribution of the "
        "numbers of cycles of lengths three to k converges to independent Poisson laws, and we "
        "identify the limiting means in terms of the degree sequence alone. The proof combines "
        "the switching method with a new bound on the probability that a given set of edges is "
        "present. As an application we obtain the asymptotic probability that such a graph has "
        "girth at least g, which was previously known only for bounded degrees.",
    ),
    "own-speech": (
        "Self-Supervised Speech Representations for Low-Resource Dialect Identification",
        "Dialect identification systems need hours of labelled speech for each dialect, which "
        "few languages can offer. We investigate whether representations learned without labels "
        "from large untranscribed corpora can close this gap. Using a frozen encoder pretrained "
        "on 60,000 hours of speech and a lightweight classifier, we identify 14 regional "
        "dialects from as little as ten minutes of labelled audio per dialect. The "
        "representations from the middle layers of the encoder carry most of the dialectal "
        "information, while the top layers discard it in favour of phonetic content. We further "
        "show that fine-tuning the encoder on a few hours of in-domain audio, without any "
        "labels, reduces the error rate by a further 18% relative. Our analysis indicates that "
        "prosodic cues, not vocabulary, account for most of the gains.",
    ),
    "own-materials": (
        "Grain Boundary Segregation in Nanocrystalline Aluminium Alloys under Cyclic Loading",
        "Nanocrystalline metals owe their strength to a high density of grain boundaries, but "
        "the same boundaries make them prone to grain growth under load. Solute atoms that "
        "segregate to the boundaries can pin them in place. Here we combine atom probe "
        "tomography with in situ fatigue tests to follow the segregation of magnesium and "
        "zinc in aluminium alloys with a mean grain size of 40 nm. Under cyclic loading, "
        "magnesium leaves the boundaries within the first thousand cycles, while zinc remains "
        "and slows grain growth by an order of magnitude. Molecular dynamics simulations "
        "reproduce this difference and attribute it to the lower segregation energy of "
        "magnesium at high-angle boundaries. These results point to a design rule for stable "
        "nanocrystalline alloys in fatigue-critical parts.",
    ),
    "own-econ": (
        "Minimum Wages and the Timing of Retirement",
        "Does a higher minimum wage keep older low-paid workers in employment or push them "
        "into retirement? We exploit 137 state-level changes in the minimum wage between 2004 "
        "and 2019 and follow workers aged 55 to 70 in linked survey and administrative data. "
        "An increase of ten percent in the minimum wage delays the claiming of retirement "
        "benefits by about two months among workers who earned close to the minimum, with no "
        "detectable change in their hours or the probability of job loss. The effect is "
        "concentrated among workers without private pension coverage. A simple life-cycle "
        "model in which the minimum wage raises the value of continued work explains both the "
        "size and the distribution of the effect.",
    ),
    "own-hci": (
        "How Developers Read Stack Traces: An Eye-Tracking Study",
        "Stack traces are the first thing many developers see when a program fails, yet we know "
        "little about how they are read. We recorded the eye movements of 38 professional "
        "developers while they diagnosed 16 failures in unfamiliar Java and Python programs. "
        "Participants spent most of their time on the top two frames and on the exception "
        "message, and rarely read frames from library code even when the fault lay there. "
        "Experienced developers skipped frames more aggressively and were faster without "
        "being less accurate. Based on these observations we propose three changes to the "
        "presentation of stack traces, and a follow-up study with 24 developers shows that "
        "they reduce the time to locate a fault by a third.",
    ),
    "own-robotics": (
        "Learning Contact-Rich Assembly from a Handful of Demonstrations",
        "Robotic assembly tasks such as inserting a peg into a tight hole depend on forces "
        "that are hard to model and easy to get wrong. We describe a method that learns such "
        "tasks from five to ten kinesthetic demonstrations by fitting a compliant controller "
        "whose stiffness varies along the demonstrated path. The stiffness profile is inferred "
        "from the variability across demonstrations: the robot is stiff where the teacher was "
        "consistent and compliant where the teacher hesitated. On four insertion tasks with "
        "clearances down to 0.1 mm, the learned controllers succeeded in 94% of 400 trials, "
        "compared with 61% for a fixed-stiffness baseline, and they recovered from pushes "
        "that moved the part by several millimetres. No simulation or reward engineering was "
        "needed.",
    ),
    "own-epidemiology": (
        "Household Transmission of Seasonal Influenza in a Rural Cohort",
        "Most estimates of influenza transmission within households come from cities. We "
        "followed 1,204 people in 311 households of a rural district over three seasons, "
        "taking weekly nasal swabs regardless of symptoms. Of the 428 infections confirmed by "
        "polymerase chain reaction, 37% caused no symptoms at all. The probability that an "
        "infected member passed the virus to another member of the household was 18%, higher "
        "for children under five and lower when the index case had been vaccinated in the same "
        "season. Asymptomatic infections were about half as likely to be passed on as "
        "symptomatic ones. These figures are close to urban estimates and suggest that "
        "household structure, rather than setting, drives transmission.",
    ),
    # Wave 4: layouts where extraction failed on papers nobody here had seen.
    "own-fluids": (
        "A Well-Balanced Finite Volume Scheme for Shallow Water Flows over Dry Beds",
        "Shallow water models of floods must handle the moving boundary between wet and dry "
        "ground without producing negative depths or spurious currents over uneven terrain. We "
        "present a finite volume scheme that preserves the lake at rest exactly, keeps the water "
        "depth non-negative under a time step restriction of the usual kind, and reaches second "
        "order accuracy in smooth regions. The scheme reconstructs the free surface rather than "
        "the depth and treats partially flooded cells with a subcell description of the "
        "bottom. Numerical tests on analytical solutions and on the flooding of a real valley "
        "show that the scheme resolves wet and dry fronts sharply and conserves mass to machine "
        "precision, at a cost close to that of a first order method.",
    ),
    "own-soils": (
        "Organic Carbon in Tropical Soils after Three Decades of No-Till Farming",
        "No-till farming is promoted as a way of storing carbon in agricultural soils, but "
        "long-term measurements from the tropics are scarce. We sampled the soil down to one "
        "metre in 48 plots of a field experiment kept under no-till or conventional tillage "
        "since 1991. After thirty years, the no-till plots held 11 tonnes more organic carbon "
        "per hectare in the top 30 cm, while the deeper layers showed no difference between "
        "the treatments. Most of the additional carbon was bound to minerals rather than held "
        "in particulate organic matter, which suggests that it is stable. Crop rotations with "
        "cover crops doubled the gain compared with a soybean and maize succession.",
    ),
    "own-optics": (
        "Difração de raios X em filmes finos de óxido de zinco",
        "We study the crystal structure of zinc oxide thin films grown by magnetron sputtering "
        "on glass and silicon substrates at temperatures between 25 and 400 degrees Celsius. "
        "X-ray diffraction in grazing incidence shows that all films grow with the c axis "
        "perpendicular to the substrate, and that the size of the crystallites increases from "
        "12 to 38 nm with the growth temperature. The residual stress, obtained from the shift "
        "of the diffraction peaks, changes from compressive to tensile above 250 degrees. "
        "Optical transmission measurements give a band gap that follows the stress, as "
        "expected from the deformation potentials of zinc oxide. These results allow the "
        "optical properties of the films to be chosen through the growth temperature alone.",
    ),
    "own-hydrology": (
        "Groundwater Recharge in Alpine Catchments under a Warming Climate",
        "Snowmelt is the main source of groundwater recharge in many alpine catchments, and a "
        "warmer climate shifts it earlier in the year and reduces its volume. This thesis "
        "combines stable isotopes of water, long records of spring discharge and a coupled "
        "model of snow, soil and groundwater to quantify how recharge has changed in three "
        "catchments of the Northern Alps since 1980. Recharge from snowmelt declined by 14 to "
        "22 percent, while recharge from rain increased in winter, so that the annual total "
        "changed little. The shift in timing, however, lowers spring discharge in late summer "
        "by up to a third, when the demand for water is highest. Scenarios for the end of the "
        "century suggest that this decline will continue at a similar rate.",
    ),
    "own-linguistics": (
        "La variation prosodique dans les parlers du Nord de la France",
        "This thesis studies the prosody of the regional varieties of French spoken in the "
        "north of France, which have received far less attention than their vocabulary. From "
        "recordings of 96 speakers in twelve towns, we measure the alignment of pitch accents, "
        "the duration of final syllables and the realisation of initial accents. The varieties "
        "differ mainly in the timing of the rise at the end of accentual phrases, which occurs "
        "later in the western towns than in the eastern ones. Younger speakers show less "
        "regional variation than older ones, but the difference in timing persists across "
        "generations. We argue that the alignment of accents is a more stable marker of "
        "regional identity than the segmental features usually studied.",
    ),
    "own-sleep": (
        "Sleep Duration and Blood Pressure in Adolescents: a Cohort Study",
        "Background Short sleep is common among adolescents and has been linked to high blood "
        "pressure in adults, but evidence in young people is inconsistent. "
        "Methods We followed 2,317 adolescents aged 12 to 15 years from eight schools for "
        "three years. Sleep was measured with wrist actigraphy for seven days each year, and "
        "blood pressure was measured by trained nurses with a validated device. "
        "Results Each hour less of sleep per night was associated with a rise of 1.9 mmHg in "
        "systolic blood pressure over three years (95% confidence interval 1.1 to 2.7), after "
        "adjustment for body mass index, physical activity and puberty. The association was "
        "stronger in boys than in girls. "
        "Conclusions Short sleep in adolescence predicts a rise in blood pressure. Sleep "
        "duration may be a target for the early prevention of hypertension.",
    ),
    # (the next two abstracts are written as LaTeX in build.py's MATH_ABSTRACTS)
    "own-calcium": ("Calcium Signals in Pancreatic Beta Cells Exposed to Fatty Acids", ""),
    "own-sieve": ("An Explicit Large Sieve Inequality for Sparse Moduli", ""),
}

# Abstracts in the other language of a bilingual paper or thesis (printed before or after the
# English one), by the key of the English abstract.
OTHER_LANGUAGE_ABSTRACTS: dict[str, str] = {
    "own-fluids": (
        "Les modèles d'eau peu profonde utilisés pour les crues doivent traiter la frontière "
        "mobile entre zones sèches et mouillées sans produire de hauteurs négatives ni de "
        "courants parasites sur un terrain irrégulier. Nous présentons un schéma de volumes "
        "finis qui préserve exactement le lac au repos, garde une hauteur d'eau positive sous "
        "une condition de pas de temps usuelle et atteint l'ordre deux dans les régions "
        "régulières. Les essais numériques montrent que le schéma résout nettement les fronts "
        "et conserve la masse à la précision de la machine."
    ),
    "own-soils": (
        "O plantio direto é promovido como uma forma de armazenar carbono nos solos agrícolas, "
        "mas medições de longo prazo nos trópicos são escassas. Amostramos o solo até um metro "
        "de profundidade em 48 parcelas de um experimento mantido sob plantio direto ou preparo "
        "convencional desde 1991. Após trinta anos, as parcelas sob plantio direto continham 11 "
        "toneladas a mais de carbono orgânico por hectare nos primeiros 30 cm, e a maior parte "
        "desse carbono estava associada aos minerais, o que sugere que ele é estável."
    ),
    "own-optics": (
        "Estudamos a estrutura cristalina de filmes finos de óxido de zinco crescidos por "
        "pulverização catódica sobre vidro e silício em temperaturas entre 25 e 400 graus. A "
        "difração de raios X em incidência rasante mostra que todos os filmes crescem com o "
        "eixo c perpendicular ao substrato e que o tamanho dos cristalitos aumenta com a "
        "temperatura de crescimento. A tensão residual, obtida do deslocamento dos picos de "
        "difração, passa de compressiva a trativa acima de 250 graus, e a energia da banda "
        "proibida acompanha essa variação. Esses resultados permitem escolher as propriedades "
        "ópticas dos filmes apenas pela temperatura de crescimento."
    ),
    "own-hydrology": (
        "Die Schneeschmelze ist in vielen alpinen Einzugsgebieten die wichtigste Quelle der "
        "Grundwasserneubildung, und ein wärmeres Klima verschiebt sie früher ins Jahr und "
        "verringert ihr Volumen. Diese Arbeit verbindet stabile Isotope des Wassers, lange "
        "Messreihen von Quellschüttungen und ein gekoppeltes Modell von Schnee, Boden und "
        "Grundwasser, um die Veränderung der Neubildung in drei Einzugsgebieten der Nördlichen "
        "Kalkalpen seit 1980 zu bestimmen. Die Neubildung aus der Schneeschmelze ging um 14 bis "
        "22 Prozent zurück, während die Neubildung aus Regen im Winter zunahm. Die zeitliche "
        "Verschiebung verringert jedoch die Quellschüttung im Spätsommer um bis zu einem Drittel."
    ),
    "own-linguistics": (
        "Cette thèse étudie la prosodie des variétés régionales du français parlées dans le "
        "nord de la France, qui ont reçu bien moins d'attention que leur lexique. À partir "
        "d'enregistrements de 96 locuteurs dans douze villes, nous mesurons l'alignement des "
        "accents mélodiques, la durée des syllabes finales et la réalisation des accents "
        "initiaux. Les variétés diffèrent surtout par le moment de la montée en fin de syntagme "
        "accentuel, plus tardive dans les villes de l'ouest que dans celles de l'est. Nous "
        "soutenons que l'alignement des accents est un marqueur plus stable de l'identité "
        "régionale que les traits segmentaux habituellement étudiés."
    ),
}

# Body text for the pages after the front matter: generic research prose written for the set,
# with the compounds, numbers and references real papers print.
PARAGRAPHS = [
    "A large body of work has studied this question from several directions, and most of it "
    "agrees on the broad picture while differing in the details that matter for practice. "
    "Early approaches relied on hand-crafted rules that were tuned to one collection at a "
    "time; later ones replaced the rules with statistical models trained on labelled examples "
    "[1, 2]. Neither line of work, however, examined how the methods behave when the data "
    "drift away from the conditions under which they were developed.",
    "We make three contributions. First, we describe a simple procedure that can be applied "
    "without any change to existing pipelines. Second, we evaluate it on four publicly "
    "available benchmarks and on a new collection that we assembled for this purpose. Third, "
    "we analyse the cases in which the procedure fails and relate them to properties of the "
    "input that can be measured in advance.",
    "The remainder of this paper is organised as follows. Section 2 reviews related work, "
    "Section 3 introduces the notation and the proposed method, Section 4 reports the "
    "experimental results, and Section 5 discusses limitations and directions for future "
    "research. The appendix contains the proofs that are omitted from the main text.",
    "Let $x_1, \\dots, x_n$ denote the observations and let $\\theta$ be the parameter of "
    "interest. We assume that the observations are independent given $\\theta$, an "
    "assumption that is standard in this setting but that we relax in Section 4. The "
    "estimator we propose minimises a penalised criterion of the form",
    "where $\\lambda > 0$ controls the strength of the penalty. In all experiments we choose "
    "$\\lambda$ by five-fold cross-validation on the training portion of each data set, and "
    "we report the mean and the standard deviation over ten random splits. The code and the "
    "data needed to reproduce every table are available from the authors on request.",
    "Table 1 summarises the results. The proposed method is the most accurate on three of the "
    "five collections and within one standard deviation of the best on the remaining two. "
    "Its advantage is largest on the collection with the most heterogeneous inputs, which is "
    "also the setting that motivated this work. Run times are comparable to those of the "
    "baselines, since the additional computation is dominated by a single sorting step.",
    "Several limitations deserve mention. The theoretical guarantees hold only "
    "asymptotically, and the constants involved may be large for small samples. The "
    "collections we used are, like most benchmarks in this area, drawn from a small number "
    "of sources, and their labels were produced by a single team of annotators. Finally, we "
    "did not study the interaction of the method with the preprocessing steps that precede "
    "it in real deployments.",
    "Our findings are consistent with those of earlier studies that reported a gap between "
    "performance in the laboratory and in the field [3]. They also suggest that a "
    "considerable part of this gap can be closed with modest effort, provided that the "
    "sources of variation are identified before a system is built rather than after it "
    "fails. We hope that the benchmark released with this paper will make such analyses "
    "easier for others.",
    "In future work we plan to extend the analysis to settings in which the observations "
    "arrive as a stream and the model has to be updated on-line, and to study whether the "
    "same ideas carry over to structured outputs such as sequences and trees. A second "
    "direction is a closer study of the failure cases, several of which appear to share a "
    "common cause that a targeted change could remove.",
]

SECTION_TITLES = [
    "Introduction",
    "Related Work",
    "Method",
    "Experiments",
    "Discussion",
    "Conclusion",
]

REFERENCES = [
    "A. Author and B. Writer. A study of methods. \\emph{Journal of Studies}, 12(3):45--67, 2001.",
    "C. Researcher. \\emph{Statistical Models in Practice}. Academic Press, 2010.",
    "D. Scholar, E. Fellow, and F. Student. Lessons from the field. In \\emph{Proceedings of "
    "the Conference on Practice}, pages 1--10, 2018.",
]

# Invented people and places.
PEOPLE = [
    ("Ana", "Pérez"),
    ("Jonas", "Lindqvist"),
    ("Mei", "Tanaka"),
    ("Oluwaseun", "Adeyemi"),
    ("François", "Dubois"),
    ("Priya", "Raghunathan"),
    ("Tomasz", "Kowalczyk"),
    ("Hannah", "Müller"),
    ("Diego", "Fernández"),
    ("Sofia", "Rossi"),
    ("Liam", "O'Connor"),
    ("Yuki", "Sato"),
    ("Aisha", "Rahman"),
    ("Erik", "Johansson"),
    ("Chen", "Wei"),
    ("Zoë", "van der Berg"),
    ("Rafael", "Costa"),
    ("Ingrid", "Halvorsen"),
    ("Kwame", "Mensah"),
    ("Lucía", "Gómez"),
]

PLACES = [
    ("Department of Computer Science", "Northfield University", "Northfield", "United Kingdom"),
    ("School of Engineering", "Lakeside Institute of Technology", "Lakeside", "USA"),
    ("Faculty of Science", "University of Eastmoor", "Eastmoor", "Netherlands"),
    ("Institute for Data Analysis", "Southgate Research Centre", "Southgate", "Germany"),
    ("Department of Physics", "Westbrook College", "Westbrook", "Canada"),
]

ACKNOWLEDGEMENTS = (
    "This dissertation would not exist without the help of many people. I thank my advisor for "
    "years of patient guidance, for reading every draft, and for insisting that every claim be "
    "backed by an experiment. I thank the members of my committee for their questions, which "
    "improved this work in ways I did not expect. My colleagues in the laboratory made the long "
    "days shorter; I am grateful for our discussions and for the coffee. The work was supported "
    "in part by a fellowship from the graduate school and by a grant from an imaginary "
    "foundation. Finally, I thank my family and my friends for their support and for reminding "
    "me, when it mattered, that there is a world outside the laboratory."
)
