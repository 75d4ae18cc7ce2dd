"""
Spanish translations of the demo content, keyed by the English source text.

``SPANISH`` maps each English string (as plain text) to its Spanish; ``SPANISH_HTML``
maps strings that carry inline tags (a link inside rich text), in wagtail-localize's
form with ``<a id="a1">``, to Spanish with the same tags. Names of organisations,
programmes and court cases stay as they are; the report's title is a proper name too.

Slugs are segments like any other text, so the Spanish pages get Spanish addresses.
"""

import re
from pathlib import Path

SPANISH: dict[str, str] = {
    # Themes -----------------------------------------------------------------------
    "The Next Generation": "La próxima generación",
    "Attracting and keeping millennials and young professionals, and connecting people "
    "across the region to opportunity.": (
        "Atraer y retener a los millennials y a los jóvenes profesionales, y acercar las "
        "oportunidades a las personas de toda la región."
    ),
    "Job Growth": "Crecimiento del empleo",
    "Aligning workforce and economic development so that employers find the skills they "
    "need, and making sure every student gets a quality education.": (
        "Alinear la formación de la fuerza laboral con el desarrollo económico para que los "
        "empleadores encuentren las competencias que necesitan, y garantizar una educación "
        "de calidad para cada estudiante."
    ),
    "Leadership & Civic Engagement": "Liderazgo y participación cívica",
    "How leaders and residents work together, often informally and voluntarily, on "
    "challenges that cross town lines.": (
        "Cómo líderes y residentes colaboran, a menudo de manera informal y voluntaria, ante "
        "desafíos que van más allá de los límites de cada municipio."
    ),
    # Site text --------------------------------------------------------------------
    "Site text": "Textos del sitio",
    "The Hartbeat": "The Hartbeat",
    "The Hartbeat is our daily brief: the business announcements, updates and events that "
    "matter across the Hartford region, gathered in one short email.": (
        "The Hartbeat es nuestro boletín diario: los anuncios empresariales, las novedades y "
        "los eventos más relevantes de toda la región de Hartford, reunidos en un breve "
        "correo electrónico."
    ),
    "Yes, send me The Hartbeat. I understand I can unsubscribe at any time from the link in "
    "every issue.": (
        "Sí, quiero recibir The Hartbeat. Entiendo que puedo darme de baja en cualquier "
        "momento mediante el enlace que aparece en cada edición."
    ),
    "The MetroHartford Alliance leads economic development for the Hartford region and "
    "serves as the Chamber of Commerce for the City of Hartford.": (
        "MetroHartford Alliance lidera el desarrollo económico de la región de Hartford y "
        "actúa como Cámara de Comercio de la ciudad de Hartford."
    ),
    "MetroHartford Alliance": "MetroHartford Alliance",
    # Home page --------------------------------------------------------------------
    "home": "inicio",
    "The MetroHartford Alliance works with investors and partners to grow the economy of "
    "the Hartford region.": (
        "MetroHartford Alliance trabaja con inversionistas y socios para hacer crecer la "
        "economía de la región de Hartford."
    ),
    "Together, we lift the Hartford region higher": (
        "Juntos, llevamos más alto a la región de Hartford"
    ),
    "The MetroHartford Alliance unites investors, partners and communities to grow the "
    "Hartford region’s economy: recruiting employers, convening leaders around shared "
    "challenges and supporting local business as the city’s chamber.": (
        "MetroHartford Alliance une a inversionistas, socios y comunidades para impulsar la "
        "economía de la región de Hartford: atrae empleadores, reúne a líderes en torno a "
        "desafíos comunes y apoya a los negocios locales como cámara de comercio de la "
        "ciudad."
    ),
    "One mission, a network of leaders": "Una misión, una red de líderes",
    "As the economic development leader for the Hartford region and the Chamber of "
    "Commerce for the City of Hartford, the Alliance makes sure the city and region compete "
    "hard, and win, for jobs, capital and talent.": (
        "Como líder del desarrollo económico de la región de Hartford y Cámara de Comercio de "
        "la ciudad de Hartford, la Alianza se asegura de que la ciudad y la región compitan "
        "con decisión, y ganen, por empleos, capital y talento."
    ),
    "The region at a glance": "La región en cifras",
    "Counties in the region: Hartford, Middlesex and Tolland": (
        "Condados de la región: Hartford, Middlesex y Tolland"
    ),
    "counties": "condados",
    "Focus areas in the Alliance’s strategic plan": (
        "Áreas de enfoque del plan estratégico de la Alianza"
    ),
    "focus areas": "áreas de enfoque",
    "MetroHartford Alliance strategic plan": "Plan estratégico de MetroHartford Alliance",
    "Key industries profiled for businesses and site selectors": (
        "Industrias clave presentadas para empresas y consultores de localización"
    ),
    "industries": "industrias",
    "Editions of Metro Hartford Progress Points, the region’s periodic check-up": (
        "Ediciones de Metro Hartford Progress Points, el chequeo periódico de la región"
    ),
    "editions": "ediciones",
    "Metro Hartford Progress Points": "Metro Hartford Progress Points",
    "Get The Hartbeat": "Reciba The Hartbeat",
    "Our daily brief gathers business announcements, updates and events from across the "
    "Hartford region. Sign up and start each day informed.": (
        "Nuestro boletín diario reúne anuncios empresariales, novedades y eventos de toda la "
        "región de Hartford. Suscríbase y empiece cada día bien informado."
    ),
    "We believe in Hartford": "Creemos en Hartford",
    "Hartford, the capital city, anchors a region where people and companies flourish "
    "across Hartford, Middlesex and Tolland counties.": (
        "Hartford, la capital del estado, es el corazón de una región donde personas y "
        "empresas prosperan en los condados de Hartford, Middlesex y Tolland."
    ),
    "We carry the region’s story to a global audience and make the case for it as an "
    "outstanding place to build a business, an industry, a career and a future.": (
        "Llevamos la historia de la región a una audiencia mundial y la presentamos como un "
        "lugar excepcional para crear una empresa, una industria, una carrera y un futuro."
    ),
    "You belong here": "Aquí hay un lugar para usted",
    "Culture, community, recreation and learning: see what it is like to live in the "
    "Hartford region.": (
        "Cultura, comunidad, recreación y aprendizaje: descubra cómo es vivir en la región "
        "de Hartford."
    ),
    "Explore the region": "Explore la región",
    "Do business here": "Haga negocios aquí",
    "A central Northeast location, skilled people and partners ready to help your company grow.": (
        "Una ubicación central en el noreste, personal calificado y socios dispuestos a "
        "ayudar a que su empresa crezca."
    ),
    "Why Hartford": "Por qué Hartford",
    "Key industries": "Industrias clave",
    "From insurance to aerospace, six industries anchor the region’s economy.": (
        "De los seguros a la industria aeroespacial, seis industrias sostienen la economía "
        "de la región."
    ),
    "See the industries": "Vea las industrias",
    # Initiatives index ------------------------------------------------------------
    "Our mission and initiatives": "Nuestra misión e iniciativas",
    "initiatives": "iniciativas",
    "The MetroHartford Alliance’s mission and the nine focus areas of its strategic plan.": (
        "La misión de MetroHartford Alliance y las nueve áreas de enfoque de su plan estratégico."
    ),
    "The MetroHartford Alliance leads economic development for the Hartford region and "
    "serves as the City of Hartford’s Chamber of Commerce. Our mission is to make sure the "
    "city and region compete aggressively, and successfully, for jobs, capital and "
    "talent.": (
        "MetroHartford Alliance lidera el desarrollo económico de la región de Hartford y "
        "actúa como Cámara de Comercio de la ciudad de Hartford. Nuestra misión es lograr que "
        "la ciudad y la región compitan con determinación, y con éxito, por empleos, capital "
        "y talento."
    ),
    "Our mission": "Nuestra misión",
    "We want Hartford and its region to stay among the best places anywhere to live, play "
    "and work, to start and grow a business, and to raise a family, for everyone who calls "
    "them home.": (
        "Queremos que Hartford y su región sigan siendo de los mejores lugares para vivir, "
        "disfrutar y trabajar, para crear y hacer crecer una empresa y para formar una "
        "familia, para todas las personas que viven en ellas."
    ),
    "Getting there means competing for jobs, capital and talent, and winning.": (
        "Para lograrlo hay que competir por empleos, capital y talento, y ganar."
    ),
    "How we work": "Cómo trabajamos",
    "The Alliance is the strategic convener of the region’s investors, stakeholders and "
    "other interested parties, bringing them together on objectives that can only be "
    "reached through collaboration.": (
        "La Alianza convoca de forma estratégica a los inversionistas, actores clave y demás "
        "partes interesadas de la región, y los reúne en torno a objetivos que solo se "
        "alcanzan colaborando."
    ),
    "We work in an integrated way, partnering with other organizations to grow the economic "
    "pie so that the region, our investors and our partners all benefit.": (
        "Trabajamos de manera integrada y en alianza con otras organizaciones para que el "
        "pastel económico crezca y beneficie a la región, a nuestros inversionistas y a "
        "nuestros socios."
    ),
    "Nine focus areas": "Nueve áreas de enfoque",
    "Each focus area has its own goal and priorities, from strengthening the insurance and "
    "health sectors to building the talent pipeline and advocating for sound public "
    "policy.": (
        "Cada área de enfoque tiene su propio objetivo y sus prioridades: desde fortalecer "
        "los sectores de seguros y salud hasta desarrollar la cantera de talento y promover "
        "políticas públicas acertadas."
    ),
    # HYPE -------------------------------------------------------------------------
    "Hartford Young Professionals and Entrepreneurs (HYPE)": (
        "Jóvenes Profesionales y Emprendedores de Hartford (HYPE)"
    ),
    "hype": "hype",
    "The Alliance’s network linking young professionals and entrepreneurs with employers, "
    "peers and the region.": (
        "La red de la Alianza que conecta a jóvenes profesionales y emprendedores con "
        "empleadores, con sus pares y con la región."
    ),
    "Enhance the Region’s ability to compete aggressively and successfully for talent by "
    "linking employer needs with young professionals’ skills and objectives": (
        "Reforzar la capacidad de la región para competir con determinación y éxito por el "
        "talento, vinculando las necesidades de los empleadores con las competencias y los "
        "objetivos de los jóvenes profesionales"
    ),
    "HYPE is the Alliance’s network for young professionals and entrepreneurs. It helps the "
    "region win the competition for talent by connecting early-career people with employers "
    "who need their skills, with one another and with the life of the region, so that they "
    "build their careers here.": (
        "HYPE es la red de la Alianza para jóvenes profesionales y emprendedores. Ayuda a la "
        "región a ganar la competencia por el talento conectando a quienes comienzan su "
        "carrera con empleadores que necesitan sus competencias, entre sí y con la vida de "
        "la región, para que construyan aquí su futuro y su empleo."
    ),
    "Talent is the region’s edge": "El talento es la ventaja de la región",
    "Employers compete for skilled people, and young professionals choose where to live as "
    "carefully as where to work. HYPE brings the two together.": (
        "Los empleadores compiten por personal calificado, y los jóvenes profesionales eligen "
        "dónde vivir con tanto cuidado como dónde buscar empleo. HYPE une a ambos."
    ),
    "HYPE works alongside other groups that engage millennials, including United Way’s "
    "Emerging Leaders and the Urban League’s Young Professionals, to connect young people "
    "with each other and with the region.": (
        "HYPE trabaja junto a otros grupos que involucran a los millennials, como Emerging "
        "Leaders de United Way y Young Professionals de la Urban League, para conectar a los "
        "jóvenes entre sí y con la región."
    ),
    "What the data says": "Lo que dicen los datos",
    "Progress Points asks how the region can keep and attract skilled workers.": (
        "Progress Points analiza cómo la región puede retener y atraer a trabajadores calificados."
    ),
    "Read Progress Points": "Lea Progress Points",
    "Match talent with employers": "Conectar el talento con los empleadores",
    "Link what employers need with the skills and goals of young professionals.": (
        "Vincular lo que necesitan los empleadores con las competencias y metas de los "
        "jóvenes profesionales."
    ),
    "Build connections": "Crear vínculos",
    "Help early-career professionals meet one another and find their place in the region.": (
        "Ayudar a quienes comienzan su carrera profesional a conocerse y a encontrar su "
        "lugar en la región."
    ),
    "Keep graduates in the region": "Retener a los graduados en la región",
    "Progress Points finds that Metro Hartford keeps fewer four-year graduates than any "
    "other metro region; HYPE works to change that.": (
        "Según Progress Points, Metro Hartford retiene menos graduados universitarios de "
        "carreras de cuatro años que cualquier otra región metropolitana; HYPE trabaja para "
        "cambiarlo."
    ),
    "Encourage civic leadership": "Fomentar el liderazgo cívico",
    "Invite young professionals to take an active part in the region’s civic life.": (
        "Invitar a los jóvenes profesionales a participar activamente en la vida cívica de "
        "la región."
    ),
    # Talent & Education Pipeline --------------------------------------------------
    "Talent & Education Pipeline": "Talento y educación",
    "talent-education-pipeline": "talento-y-educacion",
    "Connecting employers, colleges and schools to build the region’s future workforce.": (
        "Conectamos a empleadores, universidades y escuelas para formar la fuerza laboral "
        "del futuro de la región."
    ),
    "Strengthen the links between private sector employers, higher education, public "
    "schools and related organizations to ensure a talented, educated workforce for the "
    "next decade and beyond": (
        "Fortalecer los vínculos entre los empleadores del sector privado, la educación "
        "superior, las escuelas públicas y las organizaciones afines para asegurar una "
        "fuerza laboral talentosa y preparada durante la próxima década y más allá"
    ),
    "A strong economy depends on a steady supply of skilled, educated people. This "
    "initiative strengthens the ties between private employers, colleges and universities, "
    "public schools and related organizations, so that students are prepared for the jobs "
    "of the next decade and employers find the talent they need.": (
        "Una economía sólida depende de contar siempre con personas calificadas y bien "
        "formadas. Esta iniciativa refuerza los lazos entre empleadores privados, "
        "universidades, escuelas públicas y organizaciones afines, para que los estudiantes "
        "estén preparados para los empleos de la próxima década y los empleadores encuentren "
        "el talento que necesitan."
    ),
    "Preparing the workforce of the next decade": "Preparar la fuerza laboral de la próxima década",
    "Progress Points reports that Hartford public school students still score low in math "
    "and science, and that the region keeps fewer four-year graduates than any other metro "
    "region. Both findings point to the same need: closer ties between education and "
    "work.": (
        "Progress Points señala que los estudiantes de las escuelas públicas de Hartford "
        "siguen obteniendo resultados bajos en matemáticas y ciencias, y que la región "
        "retiene menos graduados de carreras de cuatro años que cualquier otra región "
        "metropolitana. Ambos hallazgos apuntan a la misma necesidad: estrechar los lazos "
        "entre la educación y el empleo."
    ),
    "Trinity College, UConn and the University of Saint Joseph are expanding in downtown "
    "Hartford, and local funders and nonprofits are building new links between school "
    "leaders. The Alliance connects these efforts with what employers need.": (
        "Trinity College, UConn y la University of Saint Joseph están ampliando su presencia "
        "en el centro de Hartford, y financiadores locales y organizaciones sin fines de "
        "lucro están creando nuevos vínculos entre los líderes escolares. La Alianza conecta "
        "estos esfuerzos con lo que necesitan los empleadores."
    ),
    "The full picture": "El panorama completo",
    "Progress Points sets out the region’s education challenges.": (
        "Progress Points expone los desafíos educativos de la región."
    ),
    "Connect employers and educators": "Conectar a empleadores y educadores",
    "Bring private sector employers together with higher education, public schools and "
    "related organizations.": (
        "Reunir a los empleadores del sector privado con la educación superior, las escuelas "
        "públicas y las organizaciones afines."
    ),
    "Build career pathways": "Crear trayectorias profesionales",
    "Support regional collaboratives that link middle schools, high schools, higher "
    "education, adult education, employers and workforce development.": (
        "Apoyar las alianzas regionales que conectan escuelas intermedias, escuelas "
        "secundarias, educación superior, educación para adultos, empleadores y desarrollo "
        "de la fuerza laboral."
    ),
    "A quality education for every student": "Una educación de calidad para cada estudiante",
    "Back efforts to raise achievement, including in math and science in Hartford’s public "
    "schools.": (
        "Respaldar los esfuerzos para mejorar el rendimiento, incluso en matemáticas y "
        "ciencias en las escuelas públicas de Hartford."
    ),
    # Business insights ------------------------------------------------------------
    "Business insights": "Información empresarial",
    "business-insights": "informacion-empresarial",
    "Data, rankings and research that explain the Hartford region’s economy.": (
        "Datos, clasificaciones e investigaciones que explican la economía de la región de "
        "Hartford."
    ),
    "Good decisions start with good information. Explore research on the Hartford region’s "
    "people, employers and economy.": (
        "Las buenas decisiones empiezan con buena información. Explore investigaciones sobre "
        "la población, los empleadores y la economía de la región de Hartford."
    ),
    "Know the region": "Conozca la región",
    "The Alliance gathers the information that companies, site selectors and community "
    "leaders need to understand the Hartford region, from workforce data to rankings and "
    "research.": (
        "La Alianza reúne la información que empresas, consultores de localización y líderes "
        "comunitarios necesitan para entender la región de Hartford, desde datos sobre la "
        "fuerza laboral hasta clasificaciones e investigaciones."
    ),
    "Our regional report, Metro Hartford Progress Points, is a periodic check-up on the "
    "issues facing Greater Hartford, prepared by a group of key regional stakeholders. The "
    "third edition asks how the region can keep and attract skilled workers, use transit "
    "and amenities to spur growth, and give every student a quality education.": (
        "Nuestro informe regional, Metro Hartford Progress Points, es un chequeo periódico de "
        "los temas que afectan al Gran Hartford, elaborado por un grupo de actores clave de "
        "la región. La tercera edición analiza cómo la región puede retener y atraer a "
        "trabajadores calificados, aprovechar el transporte público y los servicios para "
        "impulsar el crecimiento y ofrecer a cada estudiante una educación de calidad."
    ),
    "The third edition: our challenges, and where meaningful change is under way.": (
        "La tercera edición: nuestros desafíos y dónde ya se están produciendo cambios "
        "significativos."
    ),
    "Read the report": "Lea el informe",
    # Brochures and reports --------------------------------------------------------
    "Brochures and reports": "Folletos e informes",
    "brochures-and-reports": "folletos-e-informes",
    "Reports, brochures and research on the Hartford region from the Alliance and its partners.": (
        "Informes, folletos e investigaciones sobre la región de Hartford de la Alianza y sus "
        "socios."
    ),
    "Download the Alliance’s reports and brochures, including Metro Hartford Progress Points.": (
        "Descargue los informes y folletos de la Alianza, entre ellos Metro Hartford "
        "Progress Points."
    ),
    "Research on the region": "Investigación sobre la región",
    "Our reports take stock of the Hartford region: where it is strong, where it is "
    "struggling and where change is under way. Each is free to read online and to download "
    "in full.": (
        "Nuestros informes hacen balance de la región de Hartford: en qué se destaca, dónde "
        "tiene dificultades y dónde ya hay cambios en marcha. Todos pueden leerse en línea y "
        "descargarse completos de forma gratuita."
    ),
    # Progress Points, third edition -----------------------------------------------
    "Metro Hartford Progress Points: third edition": (
        "Metro Hartford Progress Points: tercera edición"
    ),
    "metro-hartford-progress-points-third-edition": (
        "metro-hartford-progress-points-tercera-edicion"
    ),
    "The region’s periodic check-up: retaining talent, transit and growth, and a quality "
    "education for every student.": (
        "El chequeo periódico de la región: retención del talento, transporte y crecimiento, "
        "y una educación de calidad para cada estudiante."
    ),
    "Third edition": "Tercera edición",
    "Metro Hartford Progress Points is a periodic check-up on the Greater Hartford "
    "community, prepared by a group of key regional stakeholders. The third edition asks "
    "how the region can keep and attract skilled workers, how transit and amenities can "
    "spur growth, and how every student can get a quality education, and it shows where "
    "meaningful change is already under way.": (
        "Metro Hartford Progress Points es un chequeo periódico de la comunidad del Gran "
        "Hartford, elaborado por un grupo de actores clave de la región. La tercera edición "
        "analiza cómo la región puede retener y atraer a trabajadores calificados, cómo el "
        "transporte público y los servicios pueden impulsar el crecimiento y cómo garantizar "
        "una educación de calidad para cada estudiante, y muestra dónde ya se están "
        "produciendo cambios significativos."
    ),
    "Inside the report": "Qué contiene el informe",
    "Progress Points is a periodic check-up prepared by a group of key regional "
    "stakeholders to build a shared understanding of the issues facing the Greater "
    "Hartford community.": (
        "Progress Points es un chequeo periódico que elabora un grupo de actores clave de la "
        "región para construir una visión compartida de los temas que afectan a la comunidad "
        "del Gran Hartford."
    ),
    "The third edition looks at a set of connected themes, led by The Next Generation, Job "
    "Growth, and Leadership & Civic Engagement, and at how the region can support "
    "meaningful change.": (
        "La tercera edición examina un conjunto de temas relacionados, encabezados por La "
        "próxima generación, Crecimiento del empleo y Liderazgo y participación cívica, y "
        "cómo la región puede impulsar cambios significativos."
    ),
    "Our challenges": "Nuestros desafíos",
    "How can we keep and attract skilled workers in our region?": (
        "¿Cómo podemos retener y atraer a trabajadores calificados en nuestra región?"
    ),
    "Metro Hartford retains fewer four-year college graduates than any other metro region.": (
        "Metro Hartford retiene menos graduados universitarios de carreras de cuatro años que "
        "cualquier otra región metropolitana."
    ),
    "Every graduate who leaves takes skills that employers here need. Keeping more of them, "
    "and drawing new talent in, is central to the region’s growth.": (
        "Cada graduado que se va se lleva competencias que los empleadores de aquí necesitan. "
        "Retener a más de ellos, y atraer nuevo talento, es fundamental para el crecimiento "
        "de la región."
    ),
    "How can new transit options and amenities spur growth in our communities?": (
        "¿Cómo pueden las nuevas opciones de transporte público y los servicios impulsar el "
        "crecimiento de nuestras comunidades?"
    ),
    "Many of the region’s residents want walkable places with amenities close at hand.": (
        "Muchos residentes de la región quieren vivir en lugares transitables a pie, con "
        "servicios al alcance de la mano."
    ),
    "Places where people can walk to transit, shops and services are in demand, and towns "
    "that create them stand to grow.": (
        "Los lugares desde donde se puede caminar al transporte público, a las tiendas y a "
        "los servicios tienen gran demanda, y los municipios que los crean tienen más "
        "posibilidades de crecer."
    ),
    "How can we ensure a quality education for every student when resources are scarce?": (
        "¿Cómo podemos garantizar una educación de calidad para cada estudiante cuando los "
        "recursos son escasos?"
    ),
    "Hartford public school students still post low scores in math and science.": (
        "Los estudiantes de las escuelas públicas de Hartford siguen obteniendo resultados "
        "bajos en matemáticas y ciencias."
    ),
    "Closing the gap in achievement is essential both for students and for the employers "
    "who will need their skills.": (
        "Cerrar la brecha de rendimiento es esencial tanto para los estudiantes como para los "
        "empleadores que necesitarán sus competencias."
    ),
    "All the numbers behind these findings are in the full report, which you can download "
    "from this page.": (
        "Todas las cifras detrás de estos hallazgos están en el informe completo, que puede "
        "descargar desde esta página."
    ),
    "Challenges examined in this edition": "Desafíos analizados en esta edición",
    "Metro Hartford Progress Points, third edition": (
        "Metro Hartford Progress Points, tercera edición"
    ),
    "Where will we see meaningful change?": "¿Dónde veremos cambios significativos?",
    "Attracting and retaining millennials": "Atraer y retener a los millennials",
    "Towns along the CT Fastrak corridor and the New Haven–Hartford–Springfield rail line "
    "are using transit-oriented development to create walkable places near "
    "transportation.": (
        "Los municipios a lo largo del corredor de CT Fastrak y de la línea ferroviaria New "
        "Haven–Hartford–Springfield recurren al desarrollo orientado al transporte público "
        "para crear espacios transitables a pie cerca de las estaciones."
    ),
    "Trinity College, UConn and the University of Saint Joseph are among the colleges and "
    "universities growing their presence in downtown Hartford.": (
        "Trinity College, UConn y la University of Saint Joseph figuran entre las "
        "instituciones de educación superior que amplían su presencia en el centro de "
        "Hartford."
    ),
    "The MetroHartford Alliance’s Hartford Young Professionals and Entrepreneurs (HYPE), "
    "United Way’s Emerging Leaders and the Urban League’s Young Professionals keep "
    "connecting millennials with one another and with the region.": (
        "Hartford Young Professionals and Entrepreneurs (HYPE), de MetroHartford Alliance, "
        "Emerging Leaders, de United Way, y Young Professionals, de la Urban League, siguen "
        "conectando a los millennials entre sí y con la región."
    ),
    "Connecting people to opportunity in the region": (
        "Acercar a las personas a las oportunidades de la región"
    ),
    "Regional, state and federal efforts are adding transportation options and redesigning "
    "existing infrastructure around the needs of today’s residents and employers.": (
        "Iniciativas regionales, estatales y federales están sumando opciones de transporte y "
        "rediseñando la infraestructura existente según las necesidades actuales de "
        "residentes y empleadores."
    ),
    "Aligning workforce and economic development": (
        "Alinear la fuerza laboral con el desarrollo económico"
    ),
    "Innovation hubs such as reSET, Make Hartford and Axis 901, together with entrepreneur "
    "support centers like Innovation Destination Hartford, provide business advice and "
    "other help so that small businesses can thrive.": (
        "Centros de innovación como reSET, Make Hartford y Axis 901, junto con centros de "
        "apoyo a emprendedores como Innovation Destination Hartford, ofrecen asesoría "
        "empresarial y otros recursos para que las pequeñas empresas prosperen."
    ),
    "Regional collaboratives are building career pathways that connect middle schools, "
    "high schools, higher education, adult education, employers and workforce "
    "development.": (
        "Alianzas regionales están creando trayectorias profesionales que conectan escuelas "
        "intermedias, escuelas secundarias, educación superior, educación para adultos, "
        "empleadores y desarrollo de la fuerza laboral."
    ),
    "The federally designated North Hartford Promise Zone and the Working Cities Challenge "
    "open the door to new local and federal sources of funding.": (
        "La North Hartford Promise Zone, designada por el gobierno federal, y el Working "
        "Cities Challenge abren la puerta a nuevas fuentes de financiamiento locales y "
        "federales."
    ),
    "Ensuring a quality education for all": "Garantizar una educación de calidad para todos",
    "Local funders and nonprofits are forging new links between superintendents and "
    "administrators in underperforming districts.": (
        "Financiadores locales y organizaciones sin fines de lucro están creando nuevos "
        "vínculos entre superintendentes y administradores de distritos con bajo "
        "rendimiento."
    ),
    "The state and region will be called on to address educational disparities through "
    "Sheff v. O’Neill and, potentially, funding disparities through Connecticut Coalition "
    "for Justice in Education Funding v. Rell (CCJEF v. Rell).": (
        "El estado y la región deberán abordar las desigualdades educativas a raíz del caso "
        "Sheff v. O’Neill y, posiblemente, las desigualdades de financiamiento a raíz del "
        "caso Connecticut Coalition for Justice in Education Funding v. Rell (CCJEF v. Rell)."
    ),
    "Examples of meaningful change listed in the report": (
        "Ejemplos de cambios significativos que recoge el informe"
    ),
    "examples": "ejemplos",
    "Where change is under way, by theme and focus": (
        "Dónde hay cambios en marcha, por tema y enfoque"
    ),
    "Regional thinking": "Pensamiento regional",
    "What has worked? What could we do differently?": (
        "¿Qué ha funcionado? ¿Qué podríamos hacer de otra manera?"
    ),
    "Thinking regionally is nothing new in Metro Hartford, even if our results have not "
    "always been consistent. With no regional government, progress depends on leaders "
    "choosing to work together, informally and voluntarily, on challenges that cross town "
    "lines.": (
        "Pensar en clave regional no es nuevo en Metro Hartford, aunque nuestros resultados "
        "no siempre han sido constantes. Sin un gobierno regional, el progreso depende de que "
        "los líderes decidan colaborar, de manera informal y voluntaria, ante desafíos que "
        "van más allá de los límites de cada municipio."
    ),
    "The report’s regional-thinking chart traces examples of that collaboration and asks "
    "how the lessons of the region’s past can shape a more successful future.": (
        "El gráfico de pensamiento regional del informe recoge ejemplos de esa colaboración y "
        "plantea cómo las lecciones del pasado de la región pueden forjar un futuro más "
        "exitoso."
    ),
    "A snapshot of the Greater Hartford region": "Una instantánea de la región del Gran Hartford",
    "Living in Metro Hartford means belonging to something larger than any one city or "
    "town: we are a region.": (
        "Vivir en Metro Hartford significa formar parte de algo más grande que cualquier "
        "ciudad o municipio: somos una región."
    ),
    "Our shared task is to make Metro Hartford the best possible home for everyone who "
    "lives here.": (
        "Nuestra tarea común es hacer de Metro Hartford el mejor hogar posible para todas las "
        "personas que viven aquí."
    ),
    "Together, we can make a change for the better, for all.": (
        "Juntos podemos cambiar las cosas para mejor, para todos."
    ),
}

SPANISH_HTML: dict[str, str] = {
    # The home page's mission statement links to the initiatives page.
    "Our strategic goals span initiatives that recruit businesses, build a dynamic urban "
    'core, and attract and keep talent. <a id="a1">Discover our mission and focus '
    "areas</a>.": (
        "Nuestros objetivos estratégicos abarcan iniciativas para atraer empresas, construir "
        "un centro urbano dinámico y atraer y retener talento. "
        '<a id="a1">Conozca nuestra misión y nuestras áreas de enfoque</a>.'
    ),
}


# The rest of the site, in plain-text files ---------------------------------------------
#
# ``spanish/*.txt`` hold the other pages' strings as pairs of lines, ``en: …`` then
# ``es: …`` (a blank line or a ``#`` comment between pairs), so that a sentence is
# one line however long and a translator can read the file without knowing Python.


def read_pairs(path: Path) -> dict[str, str]:
    """The ``en:``/``es:`` pairs of one file; fails on anything else, naming the line."""
    pairs: dict[str, str] = {}
    english = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        tag, _, text = line.partition(": ")
        if tag == "en" and english is None:
            english = text
        elif tag == "es" and english is not None:
            if pairs.get(english, text) != text:
                raise ValueError(f"{path.name}:{number}: two translations of {english!r}")
            pairs[english] = text
            english = None
        else:
            raise ValueError(f"{path.name}:{number}: expected an “en:” then an “es:” line")
    if english is not None:
        raise ValueError(f"{path.name}: no Spanish for {english!r}")
    return pairs


def _alt_texts() -> dict[str, str]:
    """
    The demo's generated images say what they are in one pattern (``content.images``),
    so their Spanish alt text follows one pattern too: the subject in Spanish, and the
    word drawn on the image as it is drawn.
    """
    from .content.images import COVERS, HEROES, LISTINGS

    patterns = {
        "hero": (
            re.compile(
                r"Abstract banner with soft overlapping circles and the word “(.+)”, "
                r"illustrating (.+)\."
            ),
            "Banner abstracto con círculos suaves superpuestos y la palabra “{word}”, que "
            "ilustra {subject}.",
        ),
        "listing": (
            re.compile(
                r"Abstract graphic with geometric shapes and the word “(.+)”, "
                r"illustrating (.+)\."
            ),
            "Gráfico abstracto con formas geométricas y la palabra “{word}”, que ilustra "
            "{subject}.",
        ),
    }
    alts = {}
    for spec in HEROES + LISTINGS:
        pattern, spanish = patterns[spec.kind]
        match = pattern.fullmatch(spec.alt)
        if match is None:
            raise ValueError(f"No Spanish pattern for the alt text “{spec.alt}”")
        word, subject = match.groups()
        alts[spec.alt] = spanish.format(word=word, subject=IMAGE_SUBJECTS[subject])
    [cover] = COVERS
    alts[cover.alt] = (
        "Portada de Metro Hartford Progress Points, tercera edición: el título en blanco "
        "sobre un fondo azul oscuro con barras ascendentes en verde azulado y dorado."
    )
    return alts


IMAGE_SUBJECTS = {
    "the Hartford region": "la región de Hartford",
    "life in the Hartford region": "la vida en la región de Hartford",
    "doing business in the Hartford region": "los negocios en la región de Hartford",
    "the region’s key industries": "las industrias clave de la región",
    "business insights and data": "la información empresarial y los datos",
    "the MetroHartford Alliance": "MetroHartford Alliance",
    "the Alliance’s strategic initiatives": "las iniciativas estratégicas de la Alianza",
    "talent and education": "el talento y la educación",
    "insurance and financial services": "los seguros y los servicios financieros",
    "the health sector": "el sector de la salud",
    "aerospace and defense": "la industria aeroespacial y de defensa",
    "logistics and distribution": "la logística y la distribución",
    "advanced manufacturing": "la manufactura avanzada",
    "broadcasting": "la radiodifusión",
    "young professionals and entrepreneurs": "los jóvenes profesionales y emprendedores",
    "global reach and foreign investment": "el alcance global y la inversión extranjera",
    "Hartford’s urban core": "el centro urbano de Hartford",
    "entrepreneurship": "el emprendimiento",
    "the talent and education pipeline": "la formación de talento",
    "marketing the region": "la promoción de la región",
    "public policy": "las políticas públicas",
    "arts and culture": "las artes y la cultura",
    "the region’s communities": "las comunidades de la región",
    "data and research": "los datos y la investigación",
    "getting in touch with the Alliance": "el contacto con la Alianza",
}

for _path in sorted((Path(__file__).parent / "spanish").glob("*.txt")):
    for _english, _spanish in read_pairs(_path).items():
        if SPANISH.get(_english, _spanish) != _spanish:
            raise ValueError(f"{_path.name}: {_english!r} is translated differently in es.py")
        SPANISH[_english] = _spanish
SPANISH.update(_alt_texts())
